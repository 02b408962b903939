using System.Text;
using System.Text.Json;

namespace AsyncLab.Export;

/// <summary>Writes a timeline as JSON. Times are in seconds; text is escaped so the JSON is safe inside a script tag.</summary>
internal static class TimelineJson
{
    public static string Write(Timeline timeline, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartObject();
            json.WriteString("summary", timeline.Summary);
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
            foreach (var task in timeline.Tasks)
            {
                json.WriteStartObject();
                json.WriteNumber("id", task.Id);
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
            foreach (var slice in timeline.Threads)
            {
                json.WriteStartObject();
                json.WriteNumber("thread", slice.ThreadId);
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
