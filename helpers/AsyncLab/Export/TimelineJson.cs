namespace AsyncLab.Export;

internal static class TimelineJson
{
    public static string Write(Timeline timeline, bool indented) => throw new NotImplementedException();
}
