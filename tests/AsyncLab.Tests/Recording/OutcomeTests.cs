namespace AsyncLab.Tests.Recording;

/// <summary>
/// How tracked tasks end, as the lab sees it: completed, faulted with the error's message, or canceled, whichever way
/// the tasks are combined, and whether the code uses <c>lab.Track(name, job =&gt; ...)</c> or <c>job.Run(...)</c>. The
/// exceptions themselves fly on to the caller untouched. All in virtual time, so the timings are exact.
/// </summary>
public sealed class OutcomeTests
{
    private const string DelegateForm = "lab.Track(name, job => ...)";
    private const string JobRunForm = "job.Run(() => work)";

    private static readonly string CanceledMessage = new TaskCanceledException().Message;

    [Fact]
    public async Task Delay_TokenCanceledWhileTasksWorkInUsingBlocks_EveryTaskCanceled()
    {
        var lab = new Lab(virtualTime: true);

        var timeline = await lab.Run(async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1.5), lab.Time);
            async Task Fetch(int id)
            {
                using var job = lab.Track($"fetch {id}");
                using (job.Begin())
                {
                    await lab.Delay(TimeSpan.FromSeconds(2), timeout.Token);
                }
            }
            try
            {
                await Task.WhenAll(Fetch(0), Fetch(1), Fetch(2));
            }
            catch (OperationCanceledException)
            {
            }
        });

        Assert.Equal("3 tasks · makespan 1.50 s · peak concurrency 3 · 3 canceled", timeline.Summary);
        Assert.All(timeline.Tasks, task =>
        {
            Assert.Equal(TaskOutcome.Canceled, task.Outcome);
            Assert.Equal(CanceledMessage, task.Error);
            Assert.Equal([Working(0, 1.5)], task.Segments);
        });
    }

    public static TheoryData<string, string> CombinatorsAndForms => new()
    {
        { nameof(Task.WhenAll), DelegateForm },
        { nameof(Task.WhenAll), JobRunForm },
        { nameof(Task.WhenAny), DelegateForm },
        { nameof(Task.WhenAny), JobRunForm },
        { nameof(Task.WhenEach), DelegateForm },
        { nameof(Task.WhenEach), JobRunForm },
        { nameof(Parallel.ForEachAsync), DelegateForm },
        { nameof(Parallel.ForEachAsync), JobRunForm },
    };

    [Theory]
    [MemberData(nameof(CombinatorsAndForms))]
    public async Task Combinator_FaultedCanceledAndRecoveredJobs_RecordsEachOutcomeAndMessage(string combinator, string form)
    {
        // Four jobs: "ok" works 1 s; "boom" throws after 0.5 s; "late" would need 2 s but its token is canceled;
        // "recovered" fails after 0.25 s, catches the error and finishes 0.5 s later.
        var lab = new Lab(virtualTime: true);
        var boomError = new InvalidOperationException("disk full");
        var caught = new List<Exception>();
        Func<string, CancellationToken, Task> runJob = form == DelegateForm ? DelegateJob : JobRunJob;

        var timeline = await lab.Run(async () =>
        {
            if (combinator == nameof(Parallel.ForEachAsync))
            {
                // Two at a time: "boom" starts when "recovered" ends (0.75 s), "late" when "ok" ends (1 s); when "boom"
                // throws (1.25 s), ForEachAsync cancels the token it gave "late".
                try
                {
                    await Parallel.ForEachAsync(
                        new[] { "ok", "recovered", "boom", "late" },
                        new ParallelOptions { MaxDegreeOfParallelism = 2 },
                        async (name, token) => await runJob(name, token));
                }
                catch (InvalidOperationException error)
                {
                    caught.Add(error);
                }
                return;
            }
            // All four at once; "late" runs into a 1.5 s deadline.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1.5), lab.Time);
            Task[] jobs = [runJob("ok", deadline.Token), runJob("boom", deadline.Token), runJob("late", deadline.Token), runJob("recovered", deadline.Token)];
            switch (combinator)
            {
                case nameof(Task.WhenAll):
                    try
                    {
                        await Task.WhenAll(jobs);
                    }
                    catch (InvalidOperationException error)
                    {
                        caught.Add(error);
                    }
                    break;
                case nameof(Task.WhenAny):
                    var pending = jobs.ToList();
                    while (pending.Count > 0)
                    {
                        var done = await Task.WhenAny(pending);
                        pending.Remove(done);
                        await Observe(done);
                    }
                    break;
                default:
                    await foreach (var done in Task.WhenEach(jobs))
                    {
                        await Observe(done);
                    }
                    break;
            }
        });

        if (combinator == nameof(Parallel.ForEachAsync))
        {
            Assert.Equal("4 tasks · makespan 1.25 s · peak concurrency 2 · 1 faulted · 1 canceled", timeline.Summary);
            Assert.Equal([Working(0.75, 1.25)], Row(timeline, "boom").Segments);
            Assert.Equal([Working(1, 1.25)], Row(timeline, "late").Segments);
            Assert.Equal([boomError], caught);
        }
        else
        {
            Assert.Equal("4 tasks · makespan 1.50 s · peak concurrency 4 · 1 faulted · 1 canceled", timeline.Summary);
            Assert.Equal([Working(0, 0.5)], Row(timeline, "boom").Segments);
            Assert.Equal([Working(0, 1.5)], Row(timeline, "late").Segments);
            if (combinator == nameof(Task.WhenAll))
            {
                Assert.Equal([boomError], caught);
            }
            else
            {
                // Observed in the order they finished: "boom" at 0.5 s, "late" at 1.5 s.
                Assert.Equal(2, caught.Count);
                Assert.Same(boomError, caught[0]);
                Assert.IsType<TaskCanceledException>(caught[1]);
            }
        }
        Assert.Same(boomError, caught[0]);
        AssertOutcome(timeline, "ok", TaskOutcome.Completed, null);
        AssertOutcome(timeline, "boom", TaskOutcome.Faulted, "disk full");
        AssertOutcome(timeline, "late", TaskOutcome.Canceled, CanceledMessage);
        AssertOutcome(timeline, "recovered", TaskOutcome.Completed, null);
        Assert.Equal([Working(0, 1)], Row(timeline, "ok").Segments);
        // job.Run makes a segment of each attempt; the delegate form here has one Begin around both.
        Segment[] recovered = form == DelegateForm ? [Working(0, 0.75)] : [Working(0, 0.25), Working(0.25, 0.75)];
        Assert.Equal(recovered, Row(timeline, "recovered").Segments);

        // The delegate form: the lab watches the result of the task's own code.
        async Task DelegateJob(string name, CancellationToken cancellationToken)
        {
            switch (name)
            {
                case "ok":
                    await lab.Track(name, async job =>
                    {
                        using (job.Begin())
                        {
                            await lab.Delay(1);
                        }
                    });
                    break;
                case "boom":
                    await lab.Track(name, async job =>
                    {
                        using (job.Begin())
                        {
                            await lab.Delay(0.5);
                        }
                        throw boomError;
                    });
                    break;
                case "late":
                    await lab.Track(name, async job =>
                    {
                        using (job.Begin())
                        {
                            await lab.Delay(2, cancellationToken);
                        }
                    });
                    break;
                default:
                    await lab.Track(name, async job =>
                    {
                        using (job.Begin())
                        {
                            try
                            {
                                await lab.Delay(0.25);
                                throw new TimeoutException("first try timed out");
                            }
                            catch (TimeoutException)
                            {
                                await lab.Delay(0.5);
                            }
                        }
                    });
                    break;
            }
        }

        // The handle form: each piece of work goes through job.Run, which sees it fail or succeed.
        async Task JobRunJob(string name, CancellationToken cancellationToken)
        {
            using var job = lab.Track(name);
            switch (name)
            {
                case "ok":
                    await job.Run(() => lab.Delay(1));
                    break;
                case "boom":
                    await job.Run(async () =>
                    {
                        await lab.Delay(0.5);
                        throw boomError;
                    });
                    break;
                case "late":
                    await job.Run(() => lab.Delay(2, cancellationToken));
                    break;
                default:
                    try
                    {
                        await job.Run(async () =>
                        {
                            await lab.Delay(0.25);
                            throw new TimeoutException("first try timed out");
                        });
                    }
                    catch (TimeoutException)
                    {
                        await job.Run(() => lab.Delay(0.5));
                    }
                    break;
            }
        }

        async Task Observe(Task done)
        {
            try
            {
                await done;
            }
            catch (Exception error) when (error is InvalidOperationException or OperationCanceledException)
            {
                caught.Add(error);
            }
        }
    }

    [Fact]
    public async Task Run_FailsThenSucceedsOnRetry_TaskCompleted()
    {
        var lab = new Lab(virtualTime: true);
        var attempts = 0;

        var timeline = await lab.Run(async () =>
        {
            using var job = lab.Track("retry");
            while (true)
            {
                try
                {
                    await job.Run(async () =>
                    {
                        attempts++;
                        await lab.Delay(0.5);
                        if (attempts == 1)
                        {
                            throw new IOException("connection reset");
                        }
                    });
                    break;
                }
                catch (IOException) when (attempts < 3)
                {
                    // Retry at once: the second job.Run alone must lift the first failure.
                }
            }
        });

        Assert.Equal(2, attempts);
        Assert.Equal("1 task · makespan 1.00 s · peak concurrency 1", timeline.Summary);
        AssertOutcome(timeline, "retry", TaskOutcome.Completed, null);
        Assert.Equal([Working(0, 0.5), Working(0.5, 1)], Row(timeline, "retry").Segments);
    }

    [Fact]
    public async Task Run_EveryRetryFails_TaskFaultedWithTheLastMessage()
    {
        var lab = new Lab(virtualTime: true);
        var attempts = 0;

        var timeline = await lab.Run(async () =>
        {
            try
            {
                using var job = lab.Track("retry");
                while (true)
                {
                    try
                    {
                        await job.Run(async () =>
                        {
                            attempts++;
                            await lab.Delay(0.5);
                            throw new IOException($"attempt {attempts} failed");
                        });
                    }
                    catch (IOException) when (attempts < 3)
                    {
                    }
                }
            }
            catch (IOException)
            {
            }
        });

        Assert.Equal(3, attempts);
        Assert.Equal("1 task · makespan 1.50 s · peak concurrency 1 · 1 faulted", timeline.Summary);
        AssertOutcome(timeline, "retry", TaskOutcome.Faulted, "attempt 3 failed");
    }

    [Theory]
    [InlineData("lab.Track")]
    [InlineData("lab.Track<T>")]
    [InlineData("job.Run")]
    [InlineData("job.Run<T>")]
    public async Task Track_WorkThrows_CallerGetsTheSameExceptionInstance(string form)
    {
        var lab = new Lab(virtualTime: true);
        var thrown = new InvalidOperationException("disk full");
        Exception? caught = null;

        var timeline = await lab.Run(async () =>
        {
            try
            {
                switch (form)
                {
                    case "lab.Track":
                        await lab.Track("boom", async job =>
                        {
                            await job.Run(() => lab.Delay(0.5));
                            throw thrown;
                        });
                        break;
                    case "lab.Track<T>":
                        await lab.Track<int>("boom", async job =>
                        {
                            await job.Run(() => lab.Delay(0.5));
                            throw thrown;
                        });
                        break;
                    case "job.Run":
                        using (var job = lab.Track("boom"))
                        {
                            await job.Run(async () =>
                            {
                                await lab.Delay(0.5);
                                throw thrown;
                            });
                        }
                        break;
                    default:
                        using (var job = lab.Track("boom"))
                        {
                            await job.Run<int>(async () =>
                            {
                                await lab.Delay(0.5);
                                throw thrown;
                            });
                        }
                        break;
                }
            }
            catch (InvalidOperationException error)
            {
                caught = error;
            }
        });

        Assert.Same(thrown, caught);
        Assert.Equal("1 task · makespan 0.50 s · peak concurrency 1 · 1 faulted", timeline.Summary);
        AssertOutcome(timeline, "boom", TaskOutcome.Faulted, "disk full");
    }

    [Fact]
    public async Task TrackOfT_WorkSucceeds_ReturnsItsResultAndCompletes()
    {
        var lab = new Lab(virtualTime: true);
        var result = 0;

        var timeline = await lab.Run(async () =>
            result = await lab.Track("answer", job => job.Run(async () =>
            {
                await lab.Delay(0.5);
                return 42;
            })));

        Assert.Equal(42, result);
        AssertOutcome(timeline, "answer", TaskOutcome.Completed, null);
    }

    [Theory]
    [InlineData("lab.Track")]
    [InlineData("lab.Track<T>")]
    [InlineData("job.Run")]
    [InlineData("job.Run<T>")]
    public async Task Work_Null_ThrowsArgumentNullNamingWorkAndRecordsNothing(string form)
    {
        var lab = new Lab(virtualTime: true);
        var job = lab.Track("job");
        var eventsBefore = lab.EventCount;

        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => form switch
        {
            "lab.Track" => lab.Track("other", (Func<TrackedTask, Task>)null!),
            "lab.Track<T>" => lab.Track("other", (Func<TrackedTask, Task<int>>)null!),
            "job.Run" => job.Run(null!),
            _ => job.Run((Func<Task<int>>)null!),
        });

        Assert.Equal("work", error.ParamName);
        Assert.Equal(eventsBefore, lab.EventCount);
        Assert.Equal(TaskState.Waiting, job.State);
    }

    private static void AssertOutcome(Timeline timeline, string name, TaskOutcome outcome, string? error)
    {
        var task = Row(timeline, name);
        Assert.True(
            task.Outcome == outcome && task.Error == error,
            $"'{name}' ended {task.Outcome} ({task.Error ?? "no error"}); expected {outcome} ({error ?? "no error"}).");
    }

    private static TaskRecord Row(Timeline timeline, string name) => Assert.Single(timeline.Tasks, t => t.Name == name);

    private static Segment Working(double start, double end) =>
        new(SegmentKind.InProgress, TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end));
}
