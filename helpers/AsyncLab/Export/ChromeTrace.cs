namespace AsyncLab.Export;

internal static class ChromeTrace
{
    public static string Write(Timeline timeline) => throw new NotImplementedException();
}
