using System.Text;
using System.Text.Json;

namespace AsyncLab.Export;

/// <summary>Writes a timeline as JSON. Times are in seconds; text is escaped so the JSON is safe inside a script tag.</summary>
internal static class TimelineJson
{
    public static string Write(Timeline timeline, bool indented, bool canonical)
    {
        var tasks = canonical ? CanonicalOrder(timeline.Tasks) : timeline.Tasks;
        var threads = canonical ? CanonicalOrder(timeline.Threads) : timeline.Threads;
        var threadNumbers = new Dictionary<int, int>();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartObject();
            json.WriteString("summary", timeline.Summary);
            if (timeline.Warnings.Count > 0)
            {
                json.WriteStartArray("warnings");
                foreach (var warning in timeline.Warnings)
                {
                    json.WriteStringValue(warning);
                }
                json.WriteEndArray();
            }
            if (timeline.Title is { } title)
            {
                json.WriteString("title", title);
            }
            json.WriteBoolean("virtualTime", timeline.IsVirtualTime);
            json.WriteNumber("makespan", timeline.Makespan.TotalSeconds);
            json.WriteNumber("peakConcurrency", timeline.PeakConcurrency);
            if (timeline.Ideal is { } ideal)
            {
                json.WriteNumber("ideal", ideal.TotalSeconds);
            }

            json.WriteStartArray("tasks");
            for (var index = 0; index < tasks.Count; index++)
            {
                var task = tasks[index];
                json.WriteStartObject();
                json.WriteNumber("id", canonical ? index : task.Id);
                json.WriteString("name", task.Name);
                json.WriteString("lane", task.Lane);
                json.WriteString("outcome", OutcomeName(task.Outcome));
                if (task.Error is { } error)
                {
                    json.WriteString("error", error);
                }
                json.WriteNumber("start", task.Start.TotalSeconds);
                json.WriteNumber("end", task.End.TotalSeconds);
                json.WriteNumber("waiting", task.Waiting.TotalSeconds);
                json.WriteStartArray("segments");
                foreach (var segment in task.Segments)
                {
                    json.WriteStartObject();
                    json.WriteString("state", StateName(segment.Kind));
                    json.WriteNumber("start", segment.Start.TotalSeconds);
                    json.WriteNumber("end", segment.End.TotalSeconds);
                    if (segment.Label is { } label)
                    {
                        json.WriteString("label", label);
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();

            WriteSteps(json, "concurrency", timeline.Concurrency);
            json.WriteStartArray("queues");
            foreach (var queue in timeline.Queues)
            {
                json.WriteStartObject();
                json.WriteString("name", queue.Name);
                json.WriteNumber("peak", queue.Peak);
                WriteSteps(json, "depth", queue.Depth);
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray("marks");
            foreach (var mark in timeline.Marks)
            {
                json.WriteStartObject();
                json.WriteNumber("time", mark.Time.TotalSeconds);
                json.WriteString("label", mark.Label);
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray("threads");
            foreach (var slice in threads)
            {
                json.WriteStartObject();
                // Threads are numbered 1, 2, 3... in order of first appearance: a managed thread id says nothing to a
                // reader and differs from process to process.
                if (!canonical || slice.Use != ThreadUse.Resumed)
                {
                    // Which pool thread resumes an await is up to the pool, so the canonical form leaves it out.
                    json.WriteNumber("thread", ThreadNumber(slice.ThreadId));
                }
                json.WriteString("use", UseName(slice.Use));
                json.WriteNumber("start", slice.Start.TotalSeconds);
                json.WriteNumber("end", slice.End.TotalSeconds);
                if (slice.Task is { } task)
                {
                    json.WriteString("task", task);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);

        int ThreadNumber(int threadId)
        {
            if (!threadNumbers.TryGetValue(threadId, out var number))
            {
                threadNumbers[threadId] = number = threadNumbers.Count + 1;
            }
            return number;
        }
    }

    /// <summary>
    /// Tasks by start time, then name, then end, then their segments: an order that does not depend on which thread
    /// happened to call <c>lab.Track</c> first when several tracked at the same instant.
    /// </summary>
    private static List<TaskRecord> CanonicalOrder(IReadOnlyList<TaskRecord> tasks)
    {
        var ordered = tasks.ToList();
        ordered.Sort(static (a, b) =>
        {
            var byTime = a.Start.CompareTo(b.Start);
            if (byTime != 0)
            {
                return byTime;
            }
            var byName = string.CompareOrdinal(a.Name, b.Name);
            if (byName != 0)
            {
                return byName;
            }
            var byEnd = a.End.CompareTo(b.End);
            if (byEnd != 0)
            {
                return byEnd;
            }
            for (var i = 0; i < Math.Min(a.Segments.Count, b.Segments.Count); i++)
            {
                var bySegment = (a.Segments[i].Start, a.Segments[i].End, a.Segments[i].Kind)
                    .CompareTo((b.Segments[i].Start, b.Segments[i].End, b.Segments[i].Kind));
                if (bySegment != 0)
                {
                    return bySegment;
                }
            }
            return a.Segments.Count.CompareTo(b.Segments.Count);
        });
        return ordered;
    }

    /// <summary>Thread slices by time, use and task; thread ids become 1, 2, 3... in order of first appearance.</summary>
    private static List<ThreadSlice> CanonicalOrder(IReadOnlyList<ThreadSlice> threads)
    {
        var ordered = threads.ToList();
        ordered.Sort(static (a, b) => (a.Start, a.End, a.Use, a.Task ?? "").CompareTo((b.Start, b.End, b.Use, b.Task ?? "")));
        return ordered;
    }

    internal static string StateName(SegmentKind kind) => kind == SegmentKind.Waiting ? "waiting" : "in progress";

    internal static string OutcomeName(TaskOutcome outcome) => outcome switch
    {
        TaskOutcome.Completed => "completed",
        TaskOutcome.Faulted => "faulted",
        TaskOutcome.Canceled => "canceled",
        _ => "unfinished",
    };

    internal static string UseName(ThreadUse use) => use switch
    {
        ThreadUse.Computing => "computing",
        ThreadUse.Blocked => "blocked",
        _ => "resumed",
    };

    private static void WriteSteps(Utf8JsonWriter json, string name, IReadOnlyList<StepPoint> points)
    {
        json.WriteStartArray(name);
        foreach (var point in points)
        {
            json.WriteStartArray();
            json.WriteNumberValue(point.Time.TotalSeconds);
            json.WriteNumberValue(point.Value);
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }
}
