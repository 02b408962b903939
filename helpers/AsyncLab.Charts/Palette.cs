namespace AsyncLab.Charts;

/// <summary>
/// Colours from the Okabe–Ito palette, which stays distinguishable for the common kinds of colour blindness,
/// plus neutral greys that read on both light and dark editor themes.
/// </summary>
internal static class Palette
{
    /// <summary>Okabe–Ito blue: a task in progress.</summary>
    public const string InProgress = "#0072B2";

    /// <summary>A pale tint of the same blue: a task waiting (held back by a limit).</summary>
    public const string Waiting = "#A6CBE3";

    /// <summary>Okabe–Ito vermillion: a task that faulted.</summary>
    public const string Faulted = "#D55E00";

    /// <summary>Neutral grey: a task that was canceled.</summary>
    public const string Canceled = "#999999";

    /// <summary>Okabe–Ito bluish green: how many tasks are in progress.</summary>
    public const string Concurrency = "#009E73";

    /// <summary>Colours for queue depth lines, one per queue, in order.</summary>
    public static readonly string[] Queues = ["#E69F00", "#CC79A7", "#56B4E9", "#F0E442"];

    /// <summary>Okabe–Ito orange: a watched resource's level (slots in use, items in a channel, permits available), in every panel.</summary>
    public const string ResourceLevel = "#E69F00";

    /// <summary>Okabe–Ito sky blue: tasks a resource held back (waiting for a slot, readers waiting, requests queued).</summary>
    public const string ResourceWaiting = "#56B4E9";

    /// <summary>Grey: a resource's capacity.</summary>
    public const string Capacity = "#888888";

    /// <summary>Okabe–Ito vermillion: writers held by a full channel.</summary>
    public const string WritersHeld = "#D55E00";

    /// <summary>Okabe–Ito reddish purple: items a full channel dropped.</summary>
    public const string Dropped = "#CC79A7";

    /// <summary>Okabe–Ito reddish purple: free-form marks.</summary>
    public const string Mark = "#CC79A7";

    /// <summary>Okabe–Ito reddish purple: a learner's guesses drawn over a run (predicted makespan, peak, queue peak).</summary>
    public const string Guess = "#CC79A7";

    /// <summary>Grey for the ideal makespan line.</summary>
    public const string Ideal = "#888888";

    /// <summary>Okabe–Ito bluish green: a thread computing.</summary>
    public const string Computing = "#009E73";

    /// <summary>Okabe–Ito orange: a thread blocked (pinned, doing nothing).</summary>
    public const string Blocked = "#E69F00";

    /// <summary>Grey ticks: code resumed on a thread.</summary>
    public const string Resumed = "#777777";

    /// <summary>
    /// White: the thin edge around every bar, so that segments back to back on one row (a consumer's items) show
    /// where one ends and the next begins.
    /// </summary>
    public const string SegmentEdge = "#FFFFFF";

    /// <summary>The colour of a segment's label written inside a bar of <paramref name="barColor"/>: dark on the pale waiting tint, white on the rest.</summary>
    public static string LabelOn(string barColor) => barColor == Waiting ? "#0B3C5D" : "#FFFFFF";

    /// <summary>Grid lines: translucent grey, visible on white and on dark backgrounds.</summary>
    public const string Grid = "rgba(128,128,128,0.25)";

    /// <summary>Text in a standalone SVG: a mid grey that reads on light and dark backgrounds.</summary>
    public const string StandaloneText = "#767676";
}
