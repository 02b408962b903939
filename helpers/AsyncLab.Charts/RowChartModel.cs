namespace AsyncLab.Charts;

/// <summary>
/// What a row chart shows, independent of how it is drawn: rows (top to bottom), coloured bars on them, point marks,
/// step lines for the lower panel and vertical marks. Both the Plotly figure and the static SVG are drawn from it,
/// so the two pictures always agree. <paramref name="PanelPoints"/> are labelled markers in the lower panel (a
/// learner's predicted peak); null means none.
/// </summary>
internal sealed record RowChartModel(
    string? Title,
    IReadOnlyList<string> Rows,
    IReadOnlyList<BarSeries> Bars,
    IReadOnlyList<PointSeries> Points,
    IReadOnlyList<StepSeries> Steps,
    string RowAxisTitle,
    string StepAxisTitle,
    IReadOnlyList<TimeMark> Marks,
    double End,
    string? Footer,
    IReadOnlyList<PanelPoint>? PanelPoints = null)
{
    /// <summary>One small panel per watched resource, under the concurrency panel, in the order they were watched.</summary>
    public IReadOnlyList<ResourcePanel> Panels { get; init; } = [];
}

/// <summary>
/// The panel of one watched resource: <paramref name="Name"/> is the resource's own name (unescaped, to match a
/// prediction's <c>Queue</c>), <paramref name="Title"/> the escaped heading ("gate · semaphore, 3 slots").
/// </summary>
internal sealed record ResourcePanel(string Name, string Title, IReadOnlyList<StepSeries> Steps);

/// <summary>How a step line is stroked.</summary>
internal enum StepDash
{
    /// <summary>Solid, or dotted when the series says <c>Dotted</c>.</summary>
    Default,

    /// <summary>Long dashes: a limit, such as a capacity.</summary>
    Dashed,
}

/// <summary>
/// One stretch of colour on a row, in seconds. <paramref name="Label"/> (escaped) is the segment's own label, such as
/// "process item 3", written inside the bar where it fits; null for none.
/// </summary>
internal readonly record struct RowBar(int Row, double Start, double End, string Hover, string? Label = null);

/// <summary>Bars of one state (one legend entry, one colour).</summary>
internal sealed record BarSeries(string Name, string Color, IReadOnlyList<RowBar> Bars);

/// <summary>An instant on a row, such as the ✕ where a task faulted.</summary>
internal readonly record struct RowPoint(int Row, double Time, string Hover);

/// <summary>Point marks of one kind (one legend entry). <paramref name="Symbol"/> is a Plotly marker symbol.</summary>
internal sealed record PointSeries(string Name, string Color, string Symbol, IReadOnlyList<RowPoint> Points);

/// <summary>A step line for the lower panel (concurrency, queue depth).</summary>
internal sealed record StepSeries(string Name, string Color, bool Dotted, IReadOnlyList<StepPoint> Points)
{
    /// <summary>Dashed instead of dotted (a capacity line).</summary>
    public StepDash Dash { get; init; }
}

/// <summary>A vertical line across the chart with a label (a mark, or the ideal makespan).</summary>
internal readonly record struct TimeMark(double Time, string Label, string Color, bool Dotted);

/// <summary>
/// A labelled marker at <paramref name="Time"/> seconds and height <paramref name="Value"/>: in the concurrency panel, or
/// in the panel of the resource named <paramref name="Panel"/>.
/// </summary>
internal readonly record struct PanelPoint(double Time, int Value, string Label, string Color, string? Panel = null);
