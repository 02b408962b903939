// AsyncLab benchmarks: real-time behaviour, measured and printed, never asserted by the tests (`dotnet test` does not
// run this project). From the repository root:
//
//   dotnet run -c Release --project tests/AsyncLab.Benchmarks [-- all [--smoke]]
//       the default, the one command: every topic below in turn (scenarios, events, cost, compare --full --check,
//       charts --check, lessons --cold, sizing memory on Linux), one table each, then one line per topic with its exit
//       code and time; writes RESULTS.md (its "One command" section holds the conditions: cores, memory, OS, .NET and
//       Python versions, GC mode, date, load) and the README's tables; exits 1 when a README claim no longer holds or a
//       topic fails (cost's own targets are printed, not judged). About 15 minutes on 2 cores. --smoke runs scenarios, events, cost,
//       compare and charts at their smoke sizes and checks the README's tables, in under a minute, writing nothing (CI)
//   dotnet run -c Release --project tests/AsyncLab.Benchmarks -- events [--smoke]
//       BenchmarkDotNet (in process, MemoryDiagnoser; EventCosts.cs): ns and bytes per operation and per event for one
//       recorded task (Track, Begin, end, Dispose), a watched semaphore and a watched channel beside plain ones; a short
//       job of about 30 s in all; writes the "Per-event cost" section of RESULTS.md and the README's per-event table;
//       --smoke runs BenchmarkDotNet's dry job in seconds and writes nothing
//   dotnet run -c Release --project tests/AsyncLab.Benchmarks -- readme [--check] [--readme=PATH]
//       rewrites the README's time and performance tables (between their markers) from RESULTS.md without measuring;
//       --check only compares (exit 1 when they differ; a test runs it); --readme=PATH works on another copy
//   dotnet run -c Release --project tests/AsyncLab.Benchmarks -- scenarios [runs]
//       the three reference scenarios of scenarios.md on the real clock (default 3 runs each): makespan against ideal
//   dotnet run -c Release --project tests/AsyncLab.Benchmarks -- recording [tasks] [writers]   (also: -- [tasks] [writers])
//       what recording costs, next to the same loop with no recorder (default 1,000,000 tasks, one writer per core)
//   dotnet run -c Release --project tests/AsyncLab.Benchmarks -- lessons [--cold] [name ...]
//       every lesson (or those whose file name contains a name) on the notebook kernel in real time: how long the
//       cells after the two setup cells take, against the 30 s budget a lesson has, fresh (first pass in a new kernel)
//       and warm (second pass in the same kernel), and the time from kernel start to the first chart; --cold first
//       clones HEAD into a temporary folder and times each lesson's first run there (the first builds the helpers;
//       whether the NuGet cache was warm is stated), deleting the clone afterwards, also on failure or Ctrl+C; writes
//       the rows it measured into the "Notebook cost" section of RESULTS.md (keeping the others) and the README's
//       time per lesson
//   dotnet run -c Release --project tests/AsyncLab.Benchmarks -- cost [--smoke] [--check] [--runs=N]
//       the recording cost targets in one table: a 100 ms fan-out recorded against plain Task.Delay at 10k, 100k and
//       1M tasks (interleaved, median of 5), ns per event on 1 writer, CPU per event on 16, Freeze, shared names;
//       --smoke runs small sizes once (for CI), --check makes a missed target exit 1 (otherwise cost exits 0)
//   dotnet run -c Release --project tests/AsyncLab.Benchmarks -- sweep [runs]
//       how long a sweep takes: 1,000 (or runs) virtual-time runs of a 10-task scenario, against a budget of 2 s per 1,000
//   dotnet run -c Release --project tests/AsyncLab.Benchmarks -- compare [--smoke] [--full] [--check] [--runs=N] [--python=PATH | --no-python]
//       C# side by side with Python 3 asyncio (python/asyncio_bench.py) and the cost of recording: the reference scenarios
//       in real time, a 100 ms fan-out of 10,000 and 100,000 tasks (--full adds 1,000,000) with peak memory, a throttled
//       fan-out and a channel pipeline; each case in its own child process (the "child" command), interleaved, median
//       of 3 runs. Writes RESULTS.md and the README section "How fast, and what watching costs"; --check exits 1 when a
//       README claim no longer holds; --smoke runs small sizes once and writes nothing (CI runs this); --smoke --check
//       judges the claims at those small sizes (a test gives it a fake --python to prove --check catches a failing claim)
//   dotnet run -c Release --project tests/AsyncLab.Benchmarks -- charts [--smoke] [--check] [--runs=N]
//       chart build time (timeline.ToHtml()), HTML size and headless Chromium draw time for 100, 10,000 and 100,000 tasks
//       (virtual-time timelines; /usr/bin/chromium, a fresh browser per size, network blocked; median of 3); writes the
//       "Charts" section of RESULTS.md; --smoke draws 100 tasks once and writes nothing; --check exits 1 when a chart of
//       up to 10,000 tasks takes 1 s or more to draw
//
//   dotnet run -c Release --project tests/AsyncLab.Benchmarks -- sizing [memory [lesson ...] | class [students ...]]
//       for teachers (Linux): each lesson's kernel memory with server GC and DOTNET_gcServer=0, then 2, 4 and 8 students
//       running lesson 01 at once (real time; passing = every cell passes, first chart within 60 s); options in
//       SizingBenchmark.cs (--gc=, --real/--virtual, --cap=512m)
//
// Exit code: 0 when every measurement is within its budget, 1 when one is not, 2 for a bad command line, 130 when
// stopped with Ctrl+C during lessons --cold.
using AsyncLab.Benchmarks;

var command = args.Length > 0 && !char.IsAsciiDigit(args[0][0]) ? args[0] : null;
var rest = command is null ? args : args[1..];
try
{
    return command switch
    {
        null when args.Length == 0 => await AllBenchmark.Run([]),
        "all" => await AllBenchmark.Run(rest),
        null => RecordingBenchmark.Run(rest), // the numbers-only form this program had before its subcommands
        "scenarios" => await ScenarioBenchmark.Run(rest),
        "recording" => RecordingBenchmark.Run(rest),
        "lessons" => await LessonBenchmark.Run(rest),
        "cost" => await CostBenchmark.Run(rest),
        "sweep" => await SweepBenchmark.Run(rest),
        "compare" => ComparisonBenchmark.Run(rest),
        "child" => await ComparisonWorkloads.Child(rest),
        "sizing" => await SizingBenchmark.Run(rest),
        "charts" => await ChartBenchmark.Run(rest),
        "events" => EventBenchmark.Run(rest),
        "readme" => ReadmeTables.Run(rest),
        _ => throw new ArgumentException($"unknown command '{command}'; use all, scenarios, events, recording, lessons, cost, sweep, compare, charts, sizing or readme (see the top of Program.cs)"),
    };
}
catch (ArgumentException error)
{
    Console.Error.WriteLine("error: " + error.Message);
    return 2;
}
catch (InvalidOperationException error)
{
    // Something the benchmark needs is missing or malformed (README markers, a RESULTS.md section, git): say what.
    Console.Error.WriteLine("error: " + error.Message);
    return 1;
}
