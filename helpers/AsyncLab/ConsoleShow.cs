namespace AsyncLab;

/// <summary>How <see cref="Lab.Show"/> displays values outside a notebook: text on the console.</summary>
internal static class ConsoleShow
{
    public static void Show(object? value)
    {
        Console.WriteLine(value switch
        {
            null => "(null)",
            Timeline timeline => timeline.Summary,
            _ => value.ToString(),
        });
    }
}
