#pragma warning disable CS0618 // Fail still works for a release; this export test keeps covering it.
using System.Text.Json;

namespace AsyncLab.Tests.Export;

public sealed class ExportTests
{
    private static async Task<Timeline> SmallRunAsync(string name)
    {
        var lab = new Lab(virtualTime: true);
        var gate = new SemaphoreSlim(1);
        async Task Job(int id)
        {
            using var job = lab.Track(id == 0 ? name : $"job {id}");
            await gate.WaitAsync();
            try
            {
                await job.Run(() => lab.Delay(1), $"step {id}");
                lab.Enqueued();
                if (id == 1)
                {
                    throw new TimeoutException("too slow");
                }
            }
            catch (Exception ex) when (job.Fail(ex))
            {
            }
            finally
            {
                gate.Release();
            }
        }
        lab.Mark("start");
        return await lab.Run(async () =>
        {
            lab.Mark("go");
            try
            {
                await Task.WhenAll(Job(0), Job(1));
            }
            catch (TimeoutException)
            {
            }
        }, ideal: TimeSpan.FromSeconds(2), title: "small");
    }

    [Fact]
    public async Task ToJson_SmallRun_HasTasksSegmentsQueuesAndSummaryInSeconds()
    {
        var timeline = await SmallRunAsync("job 0");

        using var json = JsonDocument.Parse(timeline.ToJson());
        var root = json.RootElement;
        Assert.Equal(timeline.Summary, root.GetProperty("summary").GetString());
        Assert.Equal(2.0, root.GetProperty("makespan").GetDouble());
        var tasks = root.GetProperty("tasks");
        Assert.Equal(2, tasks.GetArrayLength());
        Assert.Equal("faulted", tasks[1].GetProperty("outcome").GetString());
        Assert.Equal("too slow", tasks[1].GetProperty("error").GetString());
        Assert.Equal("waiting", tasks[1].GetProperty("segments")[0].GetProperty("state").GetString());
        Assert.Equal(1.0, tasks[1].GetProperty("waiting").GetDouble());
        Assert.Equal(2, root.GetProperty("queues")[0].GetProperty("peak").GetInt32());
        Assert.Equal("go", root.GetProperty("marks")[0].GetProperty("label").GetString());
    }

    [Fact]
    public async Task ToJsonAndChromeTrace_NameWithHtml_IsEscapedAndRoundTrips()
    {
        const string evil = "<script>alert(1)</script>";
        var timeline = await SmallRunAsync(evil);

        var json = timeline.ToJson();
        var trace = timeline.ToChromeTrace();

        Assert.DoesNotContain("<script>", json + trace);
        Assert.DoesNotContain("</script>", json + trace);
        Assert.Equal(evil, JsonDocument.Parse(json).RootElement.GetProperty("tasks")[0].GetProperty("name").GetString());
        Assert.Contains(JsonDocument.Parse(trace).RootElement.GetProperty("traceEvents").EnumerateArray(),
            e => e.TryGetProperty("args", out var args) && args.TryGetProperty("task", out var task) && task.GetString() == evil);
    }

    [Fact]
    public async Task ToChromeTrace_SmallRun_HasOneTrackPerLaneCompleteEventsAndCounters()
    {
        var timeline = await SmallRunAsync("job 0");

        using var trace = JsonDocument.Parse(timeline.ToChromeTrace());
        var events = trace.RootElement.GetProperty("traceEvents").EnumerateArray().ToArray();
        Assert.Equal(2, events.Count(e => e.GetProperty("ph").GetString() == "M" && e.GetProperty("name").GetString() == "thread_name"));
        var complete = events.Where(e => e.GetProperty("ph").GetString() == "X").ToArray();
        Assert.Equal(3, complete.Length);   // job 0 in progress, job 1 waiting, job 1 in progress
        Assert.All(complete, e => Assert.True(e.GetProperty("dur").GetDouble() == 1_000_000));
        Assert.Contains(events, e => e.GetProperty("ph").GetString() == "C" && e.GetProperty("name").GetString() == "in progress");
        Assert.Contains(events, e => e.GetProperty("ph").GetString() == "i" && e.GetProperty("name").GetString()!.Contains("too slow"));
    }
}
