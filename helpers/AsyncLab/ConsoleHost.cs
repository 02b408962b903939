namespace AsyncLab;

/// <summary>The host the lab starts with (<see cref="LabHost.Default"/>).</summary>
internal sealed class ConsoleHost : LabHost
{
    public static ConsoleHost Instance { get; } = new();

    private ConsoleHost()
    {
    }

    public override void Show(object? value) => ConsoleShow.Show(value);
}
