using AsyncLab.Runner;

return await RunnerApp.MainAsync(args, Console.Out, Console.Error);
