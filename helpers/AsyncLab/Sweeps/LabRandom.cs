using System.Runtime.CompilerServices;

namespace AsyncLab;

/// <summary>
/// Seeded random numbers per lab, so a scenario with jitter ("each fetch takes 1 s ± 0.2 s") gives the same figures on
/// every run: <c>await lab.Delay(0.8 + 0.4 * lab.Random().NextDouble())</c>.
/// </summary>
/// <remarks>
/// Each lab gets its own <see cref="System.Random"/>, made on first use with seed 0 unless <see cref="Seed"/> gave
/// another; <see cref="Sweep.Run{T}"/> seeds every run with the same seed, so two parameter values see the same
/// jitter and differ only by the parameter. In virtual time the draws happen in the same order on every run, so the
/// figures are exact and repeatable. (If <c>Lab</c> grows a <c>Random</c> property of its own, this becomes it.)
/// </remarks>
public static class LabRandom
{
    private static readonly ConditionalWeakTable<Lab, System.Random> Sources = new();

    /// <summary>The lab's seeded random source.</summary>
    public static System.Random Random(this Lab lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        return Sources.GetValue(lab, static _ => new System.Random(0));
    }

    /// <summary>Starts the lab's random source again from <paramref name="seed"/>.</summary>
    /// <param name="lab">The lab.</param>
    /// <param name="seed">Any whole number; the same seed gives the same draws.</param>
    public static void Seed(this Lab lab, int seed)
    {
        ArgumentNullException.ThrowIfNull(lab);
        Sources.AddOrUpdate(lab, new System.Random(seed));
    }
}
