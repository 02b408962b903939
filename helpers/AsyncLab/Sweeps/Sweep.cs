using System.Globalization;
using System.Numerics;

namespace AsyncLab;

/// <summary>
/// Runs one scenario once per value of a parameter, each time in a fresh virtual-time lab, so the figures are exact
/// and a whole sweep takes a moment. The result answers "how many slots are enough?" in one chart.
/// </summary>
/// <example>
/// <code>
/// var sweep = await Sweep.Run(Enumerable.Range(1, 10), async (lab, slots) =&gt;
/// {
///     var gate = lab.Semaphore(slots);
///     return await lab.Run(() =&gt; Task.WhenAll(Enumerable.Range(0, 10).Select(id =&gt; Job(lab, gate, id))));
/// }, parameter: "slots");
/// sweep                       // the curve of makespan against slots, and one small timeline per value
/// sweep.Compare(3, 4)         // with 3 slots: 4.00 s · with 4 slots: 3.00 s, −25%
/// </code>
/// </example>
public static class Sweep
{
    /// <summary>
    /// Runs <paramref name="scenario"/> once per value, in order, each with a new <c>Lab(virtualTime: true)</c> whose
    /// <see cref="LabRandom.Random"/> starts from <paramref name="seed"/> (the same for every value, so jitter is the
    /// same and only the parameter differs).
    /// </summary>
    /// <typeparam name="T">A number type: int for slots, consumers or capacity; double for a latency.</typeparam>
    /// <param name="values">The parameter's values, such as <c>Enumerable.Range(1, 10)</c>.</param>
    /// <param name="scenario">Builds and runs the scenario in the lab it is given and returns <c>lab.Run(...)</c>'s timeline.</param>
    /// <param name="parameter">The parameter's name, a plural noun ("slots", "consumers"): it labels the chart and the diff line.</param>
    /// <param name="title">A title for the chart.</param>
    /// <param name="seed">The seed of each run's <c>lab.Random()</c>.</param>
    /// <exception cref="ArgumentException">No values, or a value given twice.</exception>
    public static async Task<SweepResult> Run<T>(
        IEnumerable<T> values,
        Func<Lab, T, Task<Timeline>> scenario,
        string parameter = "value",
        string? title = null,
        int seed = 0)
        where T : INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentException.ThrowIfNullOrWhiteSpace(parameter);
        var list = values.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("Give at least one value, for example Enumerable.Range(1, 10).", nameof(values));
        }
        if (list.Distinct().Count() != list.Length)
        {
            throw new ArgumentException("Give each value once: a sweep has one run per value.", nameof(values));
        }
        var points = new SweepPoint[list.Length];
        for (var i = 0; i < list.Length; i++)
        {
            var lab = new Lab(virtualTime: true);
            lab.Seed(seed);
            var timeline = await scenario(lab, list[i]).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The scenario returned no timeline: end it with return await lab.Run(...).");
            points[i] = new SweepPoint(double.CreateChecked(list[i]), list[i].ToString(null, CultureInfo.InvariantCulture), timeline);
        }
        return new SweepResult(parameter, title, points);
    }
}
