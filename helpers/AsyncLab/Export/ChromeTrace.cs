using System.Text;
using System.Text.Json;

namespace AsyncLab.Export;

/// <summary>
/// Writes a timeline in the Chrome trace-event format (JSON object form), which Perfetto and chrome://tracing open.
/// Process 1 holds one track per lane (tasks), process 2 one track per managed thread; counters carry concurrency
/// and queue depth; marks are instant events. Times are microseconds.
/// </summary>
internal static class ChromeTrace
{
    private const int TasksProcess = 1;
    private const int ThreadsProcess = 2;

    public static string Write(Timeline timeline)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("displayTimeUnit", "ms");
            json.WriteStartArray("traceEvents");
            Metadata(json, "process_name", TasksProcess, 0, timeline.Title ?? "AsyncLab tasks");
            Metadata(json, "process_name", ThreadsProcess, 0, "threads");

            var lanes = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var task in timeline.Tasks)
            {
                if (!lanes.TryGetValue(task.Lane, out var track))
                {
                    track = lanes.Count + 1;
                    lanes[task.Lane] = track;
                    Metadata(json, "thread_name", TasksProcess, track, task.Lane);
                    Metadata(json, "thread_sort_index", TasksProcess, track, null, track);
                }
                foreach (var segment in task.Segments)
                {
                    Complete(json, segment.Label ?? $"{task.Name}: {TimelineJson.StateName(segment.Kind)}",
                        TimelineJson.StateName(segment.Kind), TasksProcess, track, segment.Start, segment.End, task);
                }
                if (task.Outcome is TaskOutcome.Faulted or TaskOutcome.Canceled)
                {
                    Instant(json, $"{task.Name} {TimelineJson.OutcomeName(task.Outcome)}: {task.Error}", TasksProcess, track, task.End, "t");
                }
            }

            foreach (var point in timeline.Concurrency)
            {
                Counter(json, "in progress", point);
            }
            foreach (var queue in timeline.Queues)
            {
                foreach (var point in queue.Depth)
                {
                    Counter(json, $"queue depth: {queue.Name}", point);
                }
            }
            foreach (var mark in timeline.Marks)
            {
                Instant(json, mark.Label, TasksProcess, 0, mark.Time, "g");
            }
            foreach (var slice in timeline.Threads)
            {
                var name = $"{TimelineJson.UseName(slice.Use)}{(slice.Task is null ? "" : $": {slice.Task}")}";
                if (slice.Use == ThreadUse.Resumed)
                {
                    Instant(json, name, ThreadsProcess, slice.ThreadId, slice.Start, "t");
                }
                else
                {
                    Complete(json, name, TimelineJson.UseName(slice.Use), ThreadsProcess, slice.ThreadId, slice.Start, slice.End, null);
                }
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static double Micros(TimeSpan time) => time.Ticks / 10.0;

    private static void Metadata(Utf8JsonWriter json, string kind, int process, int thread, string? name, int? sortIndex = null)
    {
        json.WriteStartObject();
        json.WriteString("name", kind);
        json.WriteString("ph", "M");
        json.WriteNumber("pid", process);
        json.WriteNumber("tid", thread);
        json.WriteStartObject("args");
        if (name is not null)
        {
            json.WriteString("name", name);
        }
        if (sortIndex is { } index)
        {
            json.WriteNumber("sort_index", index);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Complete(Utf8JsonWriter json, string name, string category, int process, int thread, TimeSpan start, TimeSpan end, TaskRecord? task)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("cat", category);
        json.WriteString("ph", "X");
        json.WriteNumber("ts", Micros(start));
        json.WriteNumber("dur", Micros(end - start));
        json.WriteNumber("pid", process);
        json.WriteNumber("tid", thread);
        if (task is not null)
        {
            json.WriteStartObject("args");
            json.WriteString("task", task.Name);
            json.WriteString("outcome", TimelineJson.OutcomeName(task.Outcome));
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void Instant(Utf8JsonWriter json, string name, int process, int thread, TimeSpan time, string scope)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("ph", "i");
        json.WriteString("s", scope);
        json.WriteNumber("ts", Micros(time));
        json.WriteNumber("pid", process);
        json.WriteNumber("tid", thread);
        json.WriteEndObject();
    }

    private static void Counter(Utf8JsonWriter json, string name, StepPoint point)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("ph", "C");
        json.WriteNumber("ts", Micros(point.Time));
        json.WriteNumber("pid", TasksProcess);
        json.WriteStartObject("args");
        json.WriteNumber("value", point.Value);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
