using System.Globalization;

namespace AsyncLab;

/// <summary>
/// One thing a task did with a watched resource, in the order the recorder saw it: the facts behind the resource's
/// step lines, kept so a replay can say "fetch 3 waits for gate; fetch 0 releases gate".
/// </summary>
/// <param name="Time">When, from the start of the run.</param>
/// <param name="TaskId">The <see cref="TaskRecord.Id"/> of the tracked task that did it; null when no tracked task did.</param>
/// <param name="Kind">What it did.</param>
public readonly record struct ResourceUse(TimeSpan Time, int? TaskId, ResourceUseKind Kind)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Time.TotalSeconds:0.###} s: task {(TaskId is { } id ? id.ToString(CultureInfo.InvariantCulture) : "-")} {Kind}");
}
