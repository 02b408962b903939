namespace AsyncLab.Tests.Shared;

/// <summary>
/// Jobs through a gate: the runs the core's resource tests, the chart tests and the chart benchmark record. Compiled
/// into each of those projects (linked from their project files).
/// </summary>
internal static class GatedJobs
{
    /// <summary>
    /// <paramref name="jobs"/> jobs ("job 0", "job 1", …) that all start at once; each waits for a slot of a gate of
    /// <paramref name="slots"/> named "gate", works 1 s and gives the slot back. In virtual time.
    /// </summary>
    public static Task<(Timeline Timeline, LabSemaphore Gate)> Run(int jobs, int slots) =>
        Run(new Lab(virtualTime: true), jobs, slots);

    /// <summary>The same jobs in <paramref name="lab"/>, such as the lab a sweep gives each run.</summary>
    public static async Task<(Timeline Timeline, LabSemaphore Gate)> Run(Lab lab, int jobs, int slots)
    {
        var gate = lab.Semaphore(slots, "gate");
        async Task Job(int id)
        {
            using var job = lab.Track($"job {id}");
            await gate.WaitAsync();
            try
            {
                await job.Run(() => lab.Delay(1));
            }
            finally
            {
                gate.Release();
            }
        }

        var timeline = await lab.Run(() => Task.WhenAll(Enumerable.Range(0, jobs).Select(Job)));
        return (timeline, gate);
    }

    /// <summary>
    /// <paramref name="count"/> jobs through a plain gate of 50, of slightly different lengths (10 ms to 70 ms), in
    /// virtual time: a timeline of any size for the scale tests and the chart benchmark.
    /// </summary>
    public static async Task<Timeline> Many(int count, string title)
    {
        var lab = new Lab(virtualTime: true);
        var gate = new SemaphoreSlim(50);
        async Task Job(int id)
        {
            using var job = lab.Track($"job {id}");
            await gate.WaitAsync();
            try
            {
                using var work = job.Begin();
                await lab.Delay(0.01 + (id % 7) * 0.01);
            }
            finally
            {
                gate.Release();
            }
        }
        return await lab.Run(() => Task.WhenAll(Enumerable.Range(0, count).Select(Job)), title: title);
    }
}
