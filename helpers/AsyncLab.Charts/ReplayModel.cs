using System.Globalization;

namespace AsyncLab.Charts;

/// <summary>
/// What a replay needs, worked out from a frozen <see cref="Timeline"/>: the moments (what happened at each instant,
/// in words), each row's state over time, and how many tasks wait, work and have ended over time.
/// </summary>
internal static class ReplayModel
{
    /// <summary>States a row can be in; the script colours a row's label by the index.</summary>
    public static readonly string[] StateKinds = ["not started", "waiting", "in progress", "started", "ended", "faulted", "canceled", "unfinished"];

    /// <summary>At most this many subjects are named in one phrase; the rest are counted ("and 4 more").</summary>
    public const int NamesPerPhrase = 4;

    /// <summary>
    /// What happened at each instant of the run, in time order. Within an instant, phrases follow the order things
    /// happen in a typical hand-over: work finishes, slots are given back, tasks end, waits end, slots are taken, work
    /// begins, tasks start, tasks begin to wait, channels drop items, marks. Tasks that do the same thing at the
    /// same instant share one phrase ("job 0, job 1 and job 2 end"). A task that waits or works from the instant it
    /// starts is said to do that, not to "start".
    /// </summary>
    public static IReadOnlyList<ReplayMoment> Moments(Timeline timeline)
    {
        var byId = new Dictionary<int, (string Name, int Order)>();
        for (var i = 0; i < timeline.Tasks.Count; i++)
        {
            var task = timeline.Tasks[i];
            byId[task.Id] = (SubjectName(task), i);
        }
        var phrases = new List<Phrase>();
        var waitsFromResources = new HashSet<(int TaskId, TimeSpan Time)>();
        foreach (var resource in timeline.Resources)
        {
            var uses = resource.Uses;
            for (var i = 0; i < uses.Count; i++)
            {
                var use = uses[i];
                var subject = use.TaskId is { } id && byId.TryGetValue(id, out var known) ? known : ("a task nobody tracked", int.MaxValue);
                if (use.TaskId is { } waiter && use.Kind is ResourceUseKind.WaitBegan or ResourceUseKind.WriterBlocked)
                {
                    waitsFromResources.Add((waiter, use.Time));
                }
                var name = resource.Name;
                switch (use.Kind)
                {
                    case ResourceUseKind.Released:
                        phrases.Add(new(use.Time, Category.Release, subject, $"releases {name}", $"release {name}"));
                        break;
                    case ResourceUseKind.WaitEnded:
                        // Waiting that ends by taking a slot is said once, as the taking.
                        var tookAtOnce = false;
                        for (var next = i + 1; next < uses.Count && uses[next].Time == use.Time && !tookAtOnce; next++)
                        {
                            tookAtOnce = uses[next].TaskId == use.TaskId && uses[next].Kind == ResourceUseKind.Acquired;
                        }
                        if (!tookAtOnce)
                        {
                            var what = resource.Kind == ResourceKind.Channel ? $"an item from {name}" : name;
                            phrases.Add(new(use.Time, Category.StopWaiting, subject, $"stops waiting for {what}", $"stop waiting for {what}"));
                        }
                        break;
                    case ResourceUseKind.Acquired:
                        phrases.Add(resource.Kind == ResourceKind.RateLimiter
                            ? new(use.Time, Category.Acquire, subject, $"gets a permit from {name}", $"get a permit from {name}")
                            : new(use.Time, Category.Acquire, subject, $"takes a slot of {name}", $"take a slot of {name}"));
                        break;
                    case ResourceUseKind.WaitBegan:
                        var waitFor = resource.Kind switch
                        {
                            ResourceKind.Channel => $"an item from {name}",
                            ResourceKind.RateLimiter => $"a permit from {name}",
                            _ => name,
                        };
                        phrases.Add(new(use.Time, Category.Wait, subject, $"waits for {waitFor}", $"wait for {waitFor}"));
                        break;
                    case ResourceUseKind.WriterBlocked:
                        phrases.Add(new(use.Time, Category.Wait, subject, $"waits for room in {name}", $"wait for room in {name}"));
                        break;
                    case ResourceUseKind.WriterUnblocked:
                        phrases.Add(new(use.Time, Category.StopWaiting, subject, $"stops waiting for room in {name}", $"stop waiting for room in {name}"));
                        break;
                    case ResourceUseKind.Dropped:
                        var dropped = resource.Kind == ResourceKind.Server ? "refuses a request (429)" : "drops an item";
                        phrases.Add(new(use.Time, Category.Drop, (name, int.MaxValue), dropped, dropped));
                        break;
                }
            }
        }

        foreach (var task in timeline.Tasks)
        {
            var subject = byId[task.Id];
            var startsBusy = false;
            Segment? previous = null;
            foreach (var segment in task.Segments)
            {
                if (segment.End <= segment.Start)
                {
                    continue;
                }
                startsBusy |= segment.Start == task.Start;
                var continues = previous is { } before && before.Kind == segment.Kind && before.End == segment.Start && before.Label == segment.Label;
                if (segment.Kind == SegmentKind.Waiting)
                {
                    if (!continues && !waitsFromResources.Contains((task.Id, segment.Start)))
                    {
                        phrases.Add(new(segment.Start, Category.Wait, subject, "waits", "wait"));
                    }
                }
                else
                {
                    var work = segment.Label ?? "work";
                    if (!continues)
                    {
                        phrases.Add(new(segment.Start, Category.StartWork, subject, $"starts {work}", $"start {work}"));
                    }
                    if (segment.End != task.End || task.Outcome == TaskOutcome.Unfinished)
                    {
                        phrases.Add(new(segment.End, Category.FinishWork, subject, $"finishes {work}", $"finish {work}"));
                    }
                }
                previous = segment;
            }
            if (!startsBusy && !waitsFromResources.Contains((task.Id, task.Start)))
            {
                phrases.Add(new(task.Start, Category.Start, subject, "starts", "start"));
            }
            switch (task.Outcome)
            {
                case TaskOutcome.Completed:
                    phrases.Add(new(task.End, Category.End, subject, "ends", "end"));
                    break;
                case TaskOutcome.Faulted:
                    phrases.Add(new(task.End, Category.End, subject, "faults", "fault"));
                    break;
                case TaskOutcome.Canceled:
                    phrases.Add(new(task.End, Category.End, subject, "is canceled", "are canceled"));
                    break;
            }
        }
        foreach (var mark in timeline.Marks)
        {
            phrases.Add(new(mark.Time, Category.Mark, ("mark", int.MaxValue), mark.Label, mark.Label));
        }

        var moments = new List<ReplayMoment>();
        foreach (var instant in phrases.GroupBy(p => Bucket(p.Time, timeline.IsVirtualTime)).OrderBy(g => g.Key))
        {
            var time = instant.Min(p => p.Time);
            var parts = new List<string>();
            foreach (var group in instant.GroupBy(p => (p.Category, p.Singular)).OrderBy(g => g.Key.Category).ThenBy(g => g.Min(p => p.Subject.Order)))
            {
                var first = group.First();
                if (first.Category == Category.Mark)
                {
                    parts.AddRange(group.Select(p => $"mark \"{p.Singular}\""));
                    continue;
                }
                if (first.Category == Category.Drop)
                {
                    var count = group.Count();
                    parts.Add($"{first.Subject.Name} drops {(count == 1 ? "an item" : count.ToString(CultureInfo.InvariantCulture) + " items")}");
                    continue;
                }
                var names = group.OrderBy(p => p.Subject.Order).Select(p => p.Subject.Name).Distinct().ToList();
                parts.Add($"{Names(names)} {(names.Count == 1 ? first.Singular : first.Plural)}");
            }
            moments.Add(new ReplayMoment(time, string.Join("; ", parts)));
        }
        return moments;
    }

    /// <summary>
    /// How one row's state changes: (time, index into <see cref="StateKinds"/>, words), the last change at a time wins.
    /// A row shows the task that last began in it; words name what a task waits for or works on when the segment says.
    /// </summary>
    public static IReadOnlyList<(TimeSpan Time, int Kind, string Words)> RowStates(IEnumerable<TaskRecord> tasksInRow)
    {
        var changes = new List<(TimeSpan Time, int Kind, string Words)> { (TimeSpan.Zero, 0, StateKinds[0]) };
        void Add(TimeSpan time, int kind, string words)
        {
            if (changes[^1].Time == time)
            {
                changes[^1] = (time, kind, words);
            }
            else if (changes[^1].Kind != kind || changes[^1].Words != words)
            {
                changes.Add((time, kind, words));
            }
        }
        foreach (var task in tasksInRow.OrderBy(t => t.Start))
        {
            Add(task.Start, 3, StateKinds[3]);
            foreach (var segment in task.Segments.Where(s => s.End > s.Start))
            {
                var kind = segment.Kind == SegmentKind.Waiting ? 1 : 2;
                var words = segment.Label is null ? StateKinds[kind]
                    : segment.Kind == SegmentKind.Waiting && segment.Label.StartsWith("waiting", StringComparison.Ordinal) ? segment.Label
                    : $"{StateKinds[kind]} · {segment.Label}";
                Add(segment.Start, kind, words);
                Add(segment.End, 3, StateKinds[3]);
            }
            var outcome = task.Outcome switch
            {
                TaskOutcome.Completed => 4,
                TaskOutcome.Faulted => 5,
                TaskOutcome.Canceled => 6,
                _ => 7,
            };
            Add(task.End, outcome, StateKinds[outcome]);
        }
        return changes;
    }

    /// <summary>How many tasks wait, work, and have ended at each change (ends before starts at equal times).</summary>
    public static (IReadOnlyList<StepPoint> Waiting, IReadOnlyList<StepPoint> Ended) Counts(Timeline timeline)
    {
        var waiting = new List<(TimeSpan Time, int Delta)>();
        var ended = new List<TimeSpan>();
        foreach (var task in timeline.Tasks)
        {
            foreach (var segment in task.Segments.Where(s => s.Kind == SegmentKind.Waiting && s.End > s.Start))
            {
                waiting.Add((segment.Start, +1));
                waiting.Add((segment.End, -1));
            }
            if (task.Outcome != TaskOutcome.Unfinished)
            {
                ended.Add(task.End);
            }
        }
        return (Steps(waiting), Steps([.. ended.Select(t => (t, 1))]));
    }

    private static List<StepPoint> Steps(List<(TimeSpan Time, int Delta)> changes)
    {
        changes.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Delta.CompareTo(b.Delta));
        var points = new List<StepPoint> { new(TimeSpan.Zero, 0) };
        var value = 0;
        foreach (var (time, delta) in changes)
        {
            value += delta;
            if (points[^1].Time == time)
            {
                points[^1] = new(time, value);
            }
            else
            {
                points.Add(new(time, value));
            }
        }
        return points;
    }

    /// <summary>"a", "a and b", "a, b and c", "a, b, c and d", "a, b, c and 5 more".</summary>
    private static string Names(IReadOnlyList<string> names) => names.Count switch
    {
        1 => names[0],
        <= NamesPerPhrase => $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}",
        _ => $"{string.Join(", ", names.Take(NamesPerPhrase - 1))} and {(names.Count - NamesPerPhrase + 1).ToString(CultureInfo.InvariantCulture)} more",
    };

    /// <summary>A task's name, or its row's name when several tasks share the name and the row tells them apart.</summary>
    private static string SubjectName(TaskRecord task) =>
        task.Lane.StartsWith(task.Name + " (", StringComparison.Ordinal) ? task.Lane : task.Name;

    /// <summary>Virtual time groups exact instants; real time groups events less than a millisecond apart.</summary>
    private static long Bucket(TimeSpan time, bool virtualTime) =>
        virtualTime ? time.Ticks : time.Ticks / TimeSpan.TicksPerMillisecond;

    private enum Category
    {
        FinishWork,
        Release,
        End,
        StopWaiting,
        Acquire,
        StartWork,
        Start,
        Wait,
        Drop,
        Mark,
    }

    private readonly record struct Phrase(TimeSpan Time, Category Category, (string Name, int Order) Subject, string Singular, string Plural);
}
