namespace AsyncLab;

/// <summary>The host the lab starts with (<see cref="LabHost.Default"/>).</summary>
internal sealed class ConsoleHost : LabHost
{
    public static ConsoleHost Instance { get; } = new();

    private ConsoleHost()
    {
    }

    public override void Show(object? value)
    {
        switch (value)
        {
            case null:
                Console.WriteLine("(null)");
                break;
            case Timeline timeline:
                Console.WriteLine(timeline.Summary);
                foreach (var warning in timeline.Warnings)
                {
                    Console.WriteLine("warning: " + warning);
                }
                break;
            default:
                Console.WriteLine(value.ToString());
                break;
        }
    }
}
