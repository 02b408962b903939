using System.Diagnostics;
using System.Globalization;
using AsyncLab.Runner.Execution;

namespace AsyncLab.Benchmarks;

/// <summary>
/// Sizing a classroom machine: how much memory one student's kernel holds after each lesson (with the kernel's own
/// server GC and with <c>DOTNET_gcServer=0</c>), and whether 2, 4 and 8 students running lesson 01 at the same moment
/// all pass with their first chart within 60 s. Each student is a kernel process of its own, read from /proc (Linux).
/// </summary>
/// <remarks>
/// <c>sizing</c> runs both parts; <c>sizing memory [lesson ...]</c> and <c>sizing class [count ...]</c> run one.
/// Options: <c>--gc=server|workstation|both</c> (memory: both, class: server, as the classroom kernel runs), <c>--real</c> or <c>--virtual</c>
/// (memory: virtual, class: real), <c>--cap=512m</c> (a <c>DOTNET_GCHeapHardLimit</c> for every kernel; default none).
/// </remarks>
internal static class SizingBenchmark
{
    private static readonly TimeSpan FirstChartBudget = TimeSpan.FromSeconds(60);
    private const string StudentVariable = "ASYNCLAB_SIZING_STUDENT";
    private const string ResultPrefix = "student-result ";

    public static async Task<int> Run(string[] args)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new ArgumentException("sizing reads kernel memory from /proc and runs on Linux only");
        }
        var part = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
        var rest = part == "all" ? args : args[1..];
        var names = rest.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var options = rest.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        return part switch
        {
            "all" => await Memory([], Gc(options, "both"), Clock(options, virtualByDefault: true), Cap(options))
                     | await Class([], Gc(options, "server"), Clock(options, virtualByDefault: false), Cap(options)),
            "memory" => await Memory(names, Gc(options, "both"), Clock(options, virtualByDefault: true), Cap(options)),
            "class" => await Class(names, Gc(options, "server"), Clock(options, virtualByDefault: false), Cap(options)),
            "student" => await Student(names),
            _ => throw new ArgumentException($"unknown sizing part '{part}'; use memory or class (see SizingBenchmark.cs)"),
        };
    }

    /// <summary>Each lesson in a fresh kernel, one at a time: the kernel's resident memory after its last cell.</summary>
    private static async Task<int> Memory(string[] names, bool[] serverGc, bool virtualTime, long? cap)
    {
        var lessons = Lessons(names);
        Console.WriteLine($"Memory per student kernel after each lesson ({(virtualTime ? "virtual" : "real")} time, {CapText(cap)}); {Load()}");
        Console.WriteLine("RSS = resident memory after the last cell, HWM = the most it held during the lesson (VmRSS, VmHWM).");
        var allPassed = true;
        foreach (var gc in serverGc)
        {
            Console.WriteLine(gc ? "server GC (the kernel's default):" : "DOTNET_gcServer=0 (workstation GC):");
            foreach (var lesson in lessons)
            {
                var result = await RunStudent(lesson, 1, gc, virtualTime, cap, DateTimeOffset.UtcNow);
                allPassed &= result.Passed;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {Path.GetFileNameWithoutExtension(lesson),-34} RSS {Mb(result.RssBytes),5} MB  HWM {Mb(result.PeakBytes),5} MB  {result.Seconds,5:0.0} s  {result.Verdict}"));
            }
        }
        Console.WriteLine($"after: {Load()}");
        return allPassed ? 0 : 1;
    }

    /// <summary>
    /// A class starting lesson 01 at one moment: every student is a process of this program running the lesson in a
    /// kernel of its own (so no kernel waits for another to start), and passes when every cell passes and the first
    /// chart is shown within 60 s of the common start.
    /// </summary>
    private static async Task<int> Class(string[] counts, bool[] serverGc, bool virtualTime, long? cap)
    {
        var sizes = counts.Length == 0 ? [2, 4, 8] : counts.Select(c => int.TryParse(c, out var n) && n > 0
            ? n : throw new ArgumentException($"'{c}' is not a number of students; e.g. sizing class 2 4 8")).ToArray();
        var lesson = Lessons(["01"])[0];
        Console.WriteLine($"A class running {Path.GetFileNameWithoutExtension(lesson)} at once ({(virtualTime ? "virtual" : "real")} time, {CapText(cap)}); " +
                          $"a student passes when every cell passes and the first chart is shown within {FirstChartBudget.TotalSeconds:0} s.");
        var allPassed = true;
        foreach (var gc in serverGc)
        {
            foreach (var size in sizes)
            {
                var before = Load();
                var start = DateTimeOffset.UtcNow;
                var peak = new PeakMemory();
                var students = Enumerable.Range(1, size).Select(n => StudentProcess(lesson, n, gc, virtualTime, cap, start)).ToArray();
                using (var sampling = new CancellationTokenSource())
                {
                    var sampler = peak.SampleAsync(sampling.Token);
                    await Task.WhenAll(students);
                    sampling.Cancel();
                    await sampler;
                }
                var results = students.Select(s => s.Result).ToArray();
                var passed = results.Count(r => r.Passed);
                allPassed &= passed == size;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{size} students, {(gc ? "server GC" : "DOTNET_gcServer=0")}: {passed}/{size} pass; first chart after " +
                    $"{Range(results.Select(r => r.FirstChartSeconds))} s; lesson done after {Range(results.Select(r => (double?)r.Seconds))} s; " +
                    $"kernels together at most {Mb(peak.KernelsBytes)} MB, machine memory in use at most {Mb(peak.MachineBytes)} MB; {before}"));
                foreach (var r in results.Where(r => !r.Passed))
                {
                    Console.WriteLine($"    student {r.Number}: {r.Verdict}");
                }
            }
        }
        Console.WriteLine($"after: {Load()}");
        return allPassed ? 0 : 1;
    }

    /// <summary>The hidden part the class part starts once per student: runs the lesson and prints one result line.</summary>
    private static async Task<int> Student(string[] args)
    {
        if (args.Length != 6)
        {
            throw new ArgumentException("sizing student <lesson> <number> <server|workstation> <virtual|real> <cap bytes|none> <start unix ms>");
        }
        var start = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(args[5], CultureInfo.InvariantCulture));
        var cap = args[4] == "none" ? (long?)null : long.Parse(args[4], CultureInfo.InvariantCulture);
        var result = await RunStudent(args[0], int.Parse(args[1], CultureInfo.InvariantCulture), args[2] == "server", args[3] == "virtual", cap, start);
        Console.WriteLine(ResultPrefix + result.ToLine());
        return 0;
    }

    private static async Task<StudentResult> StudentProcess(string lesson, int number, bool serverGc, bool virtualTime, long? cap, DateTimeOffset start)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     "sizing", "student", lesson, number.ToString(CultureInfo.InvariantCulture), serverGc ? "server" : "workstation",
                     virtualTime ? "virtual" : "real", cap?.ToString(CultureInfo.InvariantCulture) ?? "none",
                     start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                 })
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = (await output).Split('\n').FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        return line is null
            ? new StudentResult(number, false, null, 0, 0, 0, $"no result (exit {process.ExitCode}): {(await errors).Trim()}")
            : StudentResult.FromLine(line[ResultPrefix.Length..]);
    }

    /// <summary>Runs one lesson in a fresh kernel and reads the kernel's memory after every cell.</summary>
    private static async Task<StudentResult> RunStudent(string lesson, int number, bool serverGc, bool virtualTime, long? cap, DateTimeOffset start)
    {
        var environment = new Dictionary<string, string>
        {
            [StudentVariable] = number.ToString(CultureInfo.InvariantCulture),
            ["DOTNET_gcServer"] = serverGc ? "1" : "0",
        };
        if (cap is { } bytes)
        {
            environment["DOTNET_GCHeapHardLimit"] = "0x" + bytes.ToString("X", CultureInfo.InvariantCulture);
        }
        var watch = new KernelWatch(number, start);
        var run = await NotebookExecutor.RunAsync(lesson, new ExecutorOptions
        {
            VirtualTime = virtualTime,
            CellTimeout = TimeSpan.FromMinutes(5),
            Environment = environment,
            Progress = watch,
        });
        var chart = watch.FirstChartSeconds;
        var passed = run.Succeeded && chart is { } seconds && seconds <= FirstChartBudget.TotalSeconds;
        var verdict = !run.Succeeded ? "FAILED: " + run.Describe()?.Split('\n')[0]
            : chart is null ? "no chart"
            : passed ? "ok" : $"first chart after {chart:0.0} s";
        return new StudentResult(number, passed, chart, (DateTimeOffset.UtcNow - start).TotalSeconds, watch.RssBytes, watch.PeakBytes, verdict);
    }

    /// <summary>After each cell: the time of the first chart, and the kernel's memory (found by its marker variable).</summary>
    private sealed class KernelWatch(int number, DateTimeOffset start) : IProgress<CellResult>
    {
        public double? FirstChartSeconds { get; private set; }
        public long RssBytes { get; private set; }
        public long PeakBytes { get; private set; }

        public void Report(CellResult value)
        {
            if (FirstChartSeconds is null && value.Outputs.Any(o => o.Data.Values.Any(v => v.Contains("<svg", StringComparison.Ordinal))))
            {
                FirstChartSeconds = (DateTimeOffset.UtcNow - start).TotalSeconds;
            }
            if (KernelOf(Environment.ProcessId, number) is { } pid && Status(pid) is { } status)
            {
                (RssBytes, PeakBytes) = (status.Rss, Math.Max(PeakBytes, status.Peak));
            }
        }
    }

    /// <summary>Samples the students' kernels and the machine twice a second; keeps the largest totals.</summary>
    private sealed class PeakMemory
    {
        public long KernelsBytes { get; private set; }
        public long MachineBytes { get; private set; }

        public async Task SampleAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var kernels = KernelProcesses().Sum(pid => Status(pid)?.Rss ?? 0);
                KernelsBytes = Math.Max(KernelsBytes, kernels);
                MachineBytes = Math.Max(MachineBytes, MachineInUse());
                try
                {
                    await Task.Delay(500, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private sealed record StudentResult(int Number, bool Passed, double? FirstChartSeconds, double Seconds, long RssBytes, long PeakBytes, string Verdict)
    {
        public string ToLine() => string.Join('\t', Number, Passed, FirstChartSeconds?.ToString("R", CultureInfo.InvariantCulture) ?? "-",
            Seconds.ToString("R", CultureInfo.InvariantCulture), RssBytes, PeakBytes, Verdict.ReplaceLineEndings(" "));

        public static StudentResult FromLine(string line)
        {
            var f = line.TrimEnd('\r').Split('\t', 7);
            return new StudentResult(int.Parse(f[0], CultureInfo.InvariantCulture), bool.Parse(f[1]),
                f[2] == "-" ? null : double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture),
                long.Parse(f[4], CultureInfo.InvariantCulture), long.Parse(f[5], CultureInfo.InvariantCulture), f[6]);
        }
    }

    /// <summary>The kernel this process started for student <paramref name="number"/>: a child with the marker variable.</summary>
    private static int? KernelOf(int parent, int number) =>
        Processes().Where(p => ParentOf(p) == parent).Cast<int?>()
            .FirstOrDefault(p => Variables(p!.Value).Contains($"{StudentVariable}={number}"));

    /// <summary>Every process on the machine started with the marker variable: the kernels of a class run.</summary>
    private static IEnumerable<int> KernelProcesses() =>
        Processes().Where(p => Variables(p).Any(v => v.StartsWith(StudentVariable + "=", StringComparison.Ordinal)));

    private static IEnumerable<int> Processes() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!, CultureInfo.InvariantCulture));

    private static int? ParentOf(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        // pid (name) state ppid ...; the name may hold spaces, so count from the last ')'.
        return stat is null ? null : int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
    }

    private static string[] Variables(int pid) => Read($"/proc/{pid}/environ")?.Split('\0') ?? [];

    private static (long Rss, long Peak)? Status(int pid)
    {
        var lines = Read($"/proc/{pid}/status")?.Split('\n');
        long? Field(string name) => lines?.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal)) is { } line
            ? long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024 : null;
        return Field("VmRSS") is { } rss && Field("VmHWM") is { } peak ? (rss, peak) : null;
    }

    private static long MachineInUse()
    {
        var lines = Read("/proc/meminfo")?.Split('\n') ?? [];
        long Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal)) is { } line
            ? long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024 : 0;
        return Field("MemTotal") - Field("MemAvailable");
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the process ended, or belongs to someone else
        }
    }

    private static string Load() => "load average " + MachineLoad.Average()
        + $" on {Environment.ProcessorCount} cores, {Mb(MachineInUse())} MB in use";

    private static string Range(IEnumerable<double?> values)
    {
        var known = values.OfType<double>().Order().ToArray();
        return known.Length == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{known[0]:0.0}–{known[^1]:0.0}");
    }

    private static string Mb(long bytes) => (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture);

    private static string CapText(long? cap) => cap is { } bytes ? $"DOTNET_GCHeapHardLimit {Mb(bytes)} MB" : "no heap cap";

    private static bool[] Gc(string[] options, string fallback) =>
        (options.FirstOrDefault(o => o.StartsWith("--gc=", StringComparison.Ordinal))?[5..] ?? fallback) switch
        {
            "both" => [true, false],
            "server" => [true],
            "workstation" => [false],
            var other => throw new ArgumentException($"--gc={other}: use --gc=server, --gc=workstation or --gc=both"),
        };

    private static bool Clock(string[] options, bool virtualByDefault) =>
        options.Contains("--virtual") || (!options.Contains("--real") && virtualByDefault);

    private static long? Cap(string[] options)
    {
        var text = options.FirstOrDefault(o => o.StartsWith("--cap=", StringComparison.Ordinal))?[6..];
        if (text is null)
        {
            return null;
        }
        var unit = char.ToLowerInvariant(text[^1]) switch { 'g' => 1L << 30, 'm' => 1L << 20, _ => 0 };
        return unit > 0 && long.TryParse(text[..^1], out var size) && size > 0
            ? size * unit
            : throw new ArgumentException($"--cap={text}: give a size such as --cap=512m or --cap=1g");
    }

    private static string[] Lessons(string[] names)
    {
        var folder = Path.Combine(RepoRoot(), "notebooks");
        var lessons = Directory.EnumerateFiles(folder, "*.dib")
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Where(f => names.Length == 0 || names.Any(n => Path.GetFileName(f).Contains(n, StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal)
            .ToArray();
        return lessons.Length > 0 ? lessons : throw new ArgumentException($"no lesson in {folder} matches {string.Join(", ", names)}");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AsyncLab.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new ArgumentException("AsyncLab.slnx not found above the benchmark's folder; build it inside the repository");
    }
}
