using AsyncLab.Runner.Execution;

var run = await NotebookExecutor.RunAsync(args[0], new ExecutorOptions { RunTwice = args.Length > 1 });
foreach (var cell in run.Cells.Concat(run.SecondPass).Where(c => c.IsCode))
{
    Console.WriteLine($"[{cell.Pass}:{cell.Number}] {cell.Status} {cell.Duration.TotalSeconds:0.00}s {cell.Error}");
    foreach (var o in cell.Outputs)
    {
        Console.WriteLine($"   {o.Kind} {string.Join(",", o.Data.Keys)}: {o.Text[..Math.Min(200, o.Text.Length)].ReplaceLineEndings(" ")}");
    }
}
Console.WriteLine(run.Describe() ?? "ok");
