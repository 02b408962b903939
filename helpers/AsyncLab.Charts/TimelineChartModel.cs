namespace AsyncLab.Charts;

/// <summary>Turns a <see cref="Timeline"/> into the rows, bars and lines of its timeline chart and its threads view.</summary>
internal static class TimelineChartModel
{
    /// <summary>The task timeline: one row per lane in start order, the concurrency and queue panel below.</summary>
    public static RowChartModel Tasks(Timeline timeline, string? title, bool showQueue)
    {
        var rows = new List<string>();
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var waiting = new List<RowBar>();
        var inProgress = new List<RowBar>();
        var faultedWork = new List<RowBar>();
        var canceledWork = new List<RowBar>();
        var faults = new List<RowPoint>();
        var cancels = new List<RowPoint>();
        var end = 0.0;
        foreach (var task in timeline.Tasks)
        {
            if (!rowOf.TryGetValue(task.Lane, out var row))
            {
                row = rows.Count;
                rowOf.Add(task.Lane, row);
                rows.Add(task.Lane);
            }
            var name = Text.Escape(task.Name);
            var outcome = OutcomeWord(task.Outcome);
            foreach (var segment in task.Segments)
            {
                var start = segment.Start.TotalSeconds;
                var stop = segment.End.TotalSeconds;
                var state = segment.Kind == SegmentKind.Waiting ? "waiting" : "in progress";
                var label = segment.Label is null ? string.Empty : " · " + Text.Escape(segment.Label);
                var hover = $"<b>{name}</b><br>{state}{label}<br>start {Text.Seconds(start)} · end {Text.Seconds(stop)}<br>duration {Text.Seconds(stop - start)}<br>task {outcome}";
                var bar = new RowBar(row, start, stop, hover, segment.Label is null ? null : Text.Escape(segment.Label));
                if (segment.Kind == SegmentKind.Waiting)
                {
                    waiting.Add(bar);
                }
                else
                {
                    (task.Outcome switch
                    {
                        TaskOutcome.Faulted => faultedWork,
                        TaskOutcome.Canceled => canceledWork,
                        _ => inProgress,
                    }).Add(bar);
                }
            }
            var taskEnd = task.End.TotalSeconds;
            end = Math.Max(end, taskEnd);
            if (task.Outcome is TaskOutcome.Faulted or TaskOutcome.Canceled)
            {
                var error = string.IsNullOrEmpty(task.Error) ? string.Empty : "<br>" + Text.Escape(Shorten(task.Error));
                var point = new RowPoint(row, taskEnd, $"<b>{name}</b><br>{outcome} at {Text.Seconds(taskEnd)}{error}");
                (task.Outcome == TaskOutcome.Faulted ? faults : cancels).Add(point);
            }
        }

        var bars = new List<BarSeries>();
        if (waiting.Count > 0)
        {
            bars.Add(new("waiting", Palette.Waiting, waiting));
        }
        bars.Add(new("in progress", Palette.InProgress, inProgress));
        if (faultedWork.Count > 0 || faults.Count > 0)
        {
            bars.Add(new("in progress, then faulted", Palette.Faulted, faultedWork));
        }
        if (canceledWork.Count > 0 || cancels.Count > 0)
        {
            bars.Add(new("in progress, then canceled", Palette.Canceled, canceledWork));
        }
        var points = new List<PointSeries>();
        if (faults.Count > 0)
        {
            points.Add(new("faulted ✕", Palette.Faulted, "x", faults));
        }
        if (cancels.Count > 0)
        {
            points.Add(new("canceled ✕", Palette.Canceled, "x", cancels));
        }

        // In real time, hand-overs microseconds apart would draw as spikes to 0: dips under StepGaps.DisplayThresholdMs are closed.
        var concurrency = timeline.IsVirtualTime ? timeline.Concurrency : StepGaps.Close(timeline.Concurrency);
        var steps = new List<StepSeries> { new("in progress (count)", Palette.Concurrency, false, concurrency) };
        if (showQueue)
        {
            for (var i = 0; i < timeline.Queues.Count; i++)
            {
                var queue = timeline.Queues[i];
                steps.Add(new($"queue depth: {Text.Escape(queue.Name)}", Palette.Queues[i % Palette.Queues.Length], true, [new(TimeSpan.Zero, 0), .. queue.Depth]));
                if (queue.Depth.Count > 0)
                {
                    end = Math.Max(end, queue.Depth[^1].Time.TotalSeconds);
                }
            }
        }

        var panels = new List<ResourcePanel>();
        foreach (var resource in timeline.Resources)
        {
            var panel = ResourcePanelOf(resource);
            panels.Add(panel);
            foreach (var line in panel.Steps.Where(l => l.Points.Count > 0))
            {
                end = Math.Max(end, line.Points[^1].Time.TotalSeconds);
            }
        }

        var marks = new List<TimeMark>();
        foreach (var mark in timeline.Marks)
        {
            marks.Add(new(mark.Time.TotalSeconds, Text.Escape(mark.Label), Palette.Mark, false));
            end = Math.Max(end, mark.Time.TotalSeconds);
        }
        if (timeline.Ideal is { } ideal)
        {
            marks.Add(new(ideal.TotalSeconds, $"ideal {ideal.TotalSeconds:0.00} s", Palette.Ideal, true));
            end = Math.Max(end, ideal.TotalSeconds);
        }
        if (timeline.Concurrency.Count > 0)
        {
            end = Math.Max(end, timeline.Concurrency[^1].Time.TotalSeconds);
        }

        var chartTitle = title ?? timeline.Title;
        return new RowChartModel(
            chartTitle is null ? null : Text.Escape(chartTitle),
            [.. rows.Select(Text.Escape)],
            bars,
            points,
            steps,
            rows.Count > 1 ? "tasks (in start order)" : "task",
            "count",
            marks,
            end,
            Text.Escape(timeline.Summary))
        {
            Panels = panels,
        };
    }

    /// <summary>
    /// The panel of one watched resource: its level (slots in use, items, permits available) as a solid line, its
    /// capacity dashed, and what it held back (tasks waiting, readers waiting, requests queued; writers held by a full
    /// channel; items dropped so far) dotted. Each kind of line has the same colour in every panel.
    /// </summary>
    public static ResourcePanel ResourcePanelOf(ResourceSeries resource)
    {
        var name = Text.Escape(resource.Name);
        var (kind, level, waiting) = resource.Kind switch
        {
            ResourceKind.Semaphore => ("semaphore", "slots in use", "tasks waiting"),
            ResourceKind.RateLimiter => ("rate limiter", "permits available", "requests queued"),
            ResourceKind.Server => ("server", "requests in flight", "requests waiting"),
            _ => ("channel", "items", "readers waiting"),
        };
        var limit = resource.Capacity switch
        {
            null => null,
            { } capacity when resource.Kind == ResourceKind.Semaphore => $"{capacity} {(capacity == 1 ? "slot" : "slots")}",
            { } capacity when resource.Kind == ResourceKind.RateLimiter => $"{capacity} {(capacity == 1 ? "permit" : "permits")}",
            { } capacity when resource.Kind == ResourceKind.Server => $"limit {capacity}",
            { } capacity => $"capacity {capacity}",
        };
        var steps = new List<StepSeries>
        {
            new($"{name}: {level}", Palette.ResourceLevel, false, [new(TimeSpan.Zero, resource.Level.Count == 0 ? 0 : resource.Level[0].Value), .. resource.Level]),
        };
        if (resource.Capacity is { } capacityLine)
        {
            steps.Add(new($"{name}: {limit}", Palette.Capacity, true, [new(TimeSpan.Zero, capacityLine)]) { Dash = StepDash.Dashed });
        }
        if (resource.Waiting.Count > 0)
        {
            steps.Add(new($"{name}: {waiting}", Palette.ResourceWaiting, true, [new(TimeSpan.Zero, 0), .. resource.Waiting]));
        }
        if (resource.Blocked.Count > 0)
        {
            steps.Add(new($"{name}: writers held (full)", Palette.WritersHeld, true, [new(TimeSpan.Zero, 0), .. resource.Blocked]));
        }
        if (resource.Drops.Count > 0)
        {
            var dropped = new List<StepPoint> { new(TimeSpan.Zero, 0) };
            foreach (var time in resource.Drops)
            {
                if (dropped[^1].Time == time)
                {
                    dropped[^1] = new(time, dropped[^1].Value + 1);
                }
                else
                {
                    dropped.Add(new(time, dropped[^1].Value + 1));
                }
            }
            var droppedLabel = resource.Kind == ResourceKind.Server ? "refused with 429 (total)" : "items dropped (total)";
            steps.Add(new($"{name}: {droppedLabel}", Palette.Dropped, true, dropped));
        }
        var title = $"{name} · {kind}{(limit is null ? (resource.Kind == ResourceKind.Channel ? ", unbounded" : "") : ", " + limit)}";
        return new ResourcePanel(resource.Name, title, steps);
    }

    /// <summary>The threads view: one row per managed thread, computing and blocked bars, ticks where code resumed.</summary>
    public static RowChartModel Threads(Timeline timeline, string? title)
    {
        var rows = new List<string>();
        var rowOf = new Dictionary<int, int>();
        var computing = new List<RowBar>();
        var blocked = new List<RowBar>();
        var resumed = new List<RowPoint>();
        var end = 0.0;
        var changes = new List<(double Time, int Delta)>();
        foreach (var slice in timeline.Threads.OrderBy(s => s.Start))
        {
            if (!rowOf.TryGetValue(slice.ThreadId, out var row))
            {
                row = rows.Count;
                rowOf.Add(slice.ThreadId, row);
                rows.Add($"thread {slice.ThreadId}");
            }
            var start = slice.Start.TotalSeconds;
            var stop = slice.End.TotalSeconds;
            end = Math.Max(end, stop);
            var task = slice.Task is null ? string.Empty : $"<br>task {Text.Escape(slice.Task)}";
            switch (slice.Use)
            {
                case ThreadUse.Computing:
                    computing.Add(new(row, start, stop, $"<b>thread {slice.ThreadId}</b><br>computing{task}<br>start {Text.Seconds(start)} · end {Text.Seconds(stop)}<br>duration {Text.Seconds(stop - start)}"));
                    changes.Add((start, 1));
                    changes.Add((stop, -1));
                    break;
                case ThreadUse.Blocked:
                    blocked.Add(new(row, start, stop, $"<b>thread {slice.ThreadId}</b><br>blocked{task}<br>start {Text.Seconds(start)} · end {Text.Seconds(stop)}<br>duration {Text.Seconds(stop - start)}"));
                    changes.Add((start, 1));
                    changes.Add((stop, -1));
                    break;
                default:
                    resumed.Add(new(row, start, $"<b>thread {slice.ThreadId}</b><br>resumed at {Text.Seconds(start)}{task}"));
                    break;
            }
        }
        foreach (var task in timeline.Tasks)
        {
            end = Math.Max(end, task.End.TotalSeconds);
        }

        // How many threads are occupied (computing or blocked) at once; ends before starts at equal times.
        changes.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Delta.CompareTo(b.Delta));
        var busy = new List<StepPoint> { new(TimeSpan.Zero, 0) };
        var current = 0;
        foreach (var (time, delta) in changes)
        {
            current += delta;
            var at = TimeSpan.FromSeconds(time);
            if (busy[^1].Time == at)
            {
                busy[^1] = new(at, current);   // a thread that goes from computing to blocked stays occupied
            }
            else
            {
                busy.Add(new(at, current));
            }
        }

        var chartTitle = title ?? (timeline.Title is null ? "Threads" : $"{timeline.Title}: threads");
        return new RowChartModel(
            Text.Escape(chartTitle),
            rows,
            [new("computing", Palette.Computing, computing), new("blocked", Palette.Blocked, blocked)],
            resumed.Count > 0 ? [new("resumed after await", Palette.Resumed, "line-ns-open", resumed)] : [],
            [new("threads occupied", Palette.Blocked, false, busy)],
            "managed threads",
            "threads",
            [],
            end,
            Text.Escape($"{rows.Count} {(rows.Count == 1 ? "thread" : "threads")} seen · {computing.Count} computing · {blocked.Count} blocked · {resumed.Count} resumes"));
    }

    /// <summary>True when the threads view has something a task chart cannot show: computing or blocking.</summary>
    public static bool HasThreadWork(Timeline timeline) =>
        timeline.Threads.Any(s => s.Use is ThreadUse.Computing or ThreadUse.Blocked);

    private static string OutcomeWord(TaskOutcome outcome) => outcome switch
    {
        TaskOutcome.Completed => "completed",
        TaskOutcome.Faulted => "faulted",
        TaskOutcome.Canceled => "canceled",
        _ => "unfinished",
    };

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..297] + "...";
}
