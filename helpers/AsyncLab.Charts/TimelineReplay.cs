using System.Diagnostics;
using AsyncLab.Charts;

namespace AsyncLab;

/// <summary>
/// A recorded run shown as a replay: the timeline chart with a time slider, a play/pause button and a speed choice
/// (0.25× to 4×, where 1× plays the whole run in 8 s, or real speed) that move a cursor across it. At the cursor each
/// task row says its state (waiting, in progress, ended, faulted, canceled), the concurrency and resource panels give
/// their values, and a line under the chart says what just happened:
/// <c>1.00 s: job 0, job 1 and job 2 end; job 3, job 4 and job 5 start work</c>.
/// </summary>
/// <remarks>
/// Made by <see cref="TimelineCharts.Replay"/>. Everything the replay says is worked out here, in C#, from the frozen
/// timeline (<see cref="Moments"/>, <see cref="LineAt(TimeSpan)"/>, <see cref="StateAt(string, TimeSpan)"/>); the page's
/// small script only moves the cursor and looks values up. It carries its own script and plotly.js (no CDN), so it plays
/// offline in VS Code, in an exported .ipynb and on the static site. Where scripts do not run, the static picture of the
/// timeline stays, with the list of moments under it. Row states are shown up to 60 rows; a larger run shows counts
/// (in progress, waiting, ended) instead.
/// </remarks>
[DebuggerDisplay("{ToString()}")]
public sealed class TimelineReplay
{
    private readonly Dictionary<string, IReadOnlyList<(TimeSpan Time, int Kind, string Words)>> _rows;

    internal TimelineReplay(Timeline timeline, string? title)
    {
        Timeline = timeline;
        Title = title;
        Moments = ReplayModel.Moments(timeline);
        _rows = timeline.Tasks.GroupBy(t => t.Lane, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => ReplayModel.RowStates(g), StringComparer.Ordinal);
    }

    /// <summary>The run being replayed.</summary>
    public Timeline Timeline { get; }

    /// <summary>The chart's title; null means the timeline's own.</summary>
    public string? Title { get; }

    /// <summary>Every instant at which something happened, in time order, with what happened in words.</summary>
    public IReadOnlyList<ReplayMoment> Moments { get; }

    /// <summary>
    /// The line the replay shows under the chart when its cursor is at <paramref name="time"/>: the last moment at or
    /// before it (<c>0.50 s: fetch 3 waits for gate; fetch 0 releases gate</c>), or an empty string before the first.
    /// </summary>
    /// <param name="time">A time from the start of the run, 0 or more.</param>
    public string LineAt(TimeSpan time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(time, TimeSpan.Zero);
        var found = string.Empty;
        foreach (var moment in Moments)
        {
            if (moment.Time > time)
            {
                break;
            }
            found = moment.ToString();
        }
        return found;
    }

    /// <summary>The line under the chart at <paramref name="seconds"/> from the start of the run (see <see cref="LineAt(TimeSpan)"/>).</summary>
    /// <param name="seconds">Seconds from the start of the run, 0 or more.</param>
    public string LineAt(double seconds) => LineAt(Seconds(seconds));

    /// <summary>
    /// What the replay shows beside <paramref name="row"/> at <paramref name="time"/>: "not started", "waiting" (or what it
    /// waits for, "waiting for gate (3 slots)"), "in progress" (with the segment's label), "started" (between
    /// segments), "ended", "faulted", "canceled" or "unfinished". A segment's end belongs to what follows it.
    /// </summary>
    /// <param name="row">A row of the chart (a task's lane, its name unless given one).</param>
    /// <param name="time">A time from the start of the run, 0 or more.</param>
    public string StateAt(string row, TimeSpan time)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentOutOfRangeException.ThrowIfLessThan(time, TimeSpan.Zero);
        if (!_rows.TryGetValue(row, out var changes))
        {
            throw new ArgumentException(
                $"This run has no row '{row}'. Rows: {string.Join(", ", _rows.Keys.Take(5).Select(r => $"'{r}'"))}{(_rows.Count > 5 ? ", …" : "")}.", nameof(row));
        }
        var words = changes[0].Words;
        foreach (var change in changes)
        {
            if (change.Time > time)
            {
                break;
            }
            words = change.Words;
        }
        return words;
    }

    /// <summary>The state of <paramref name="row"/> at <paramref name="seconds"/> (see <see cref="StateAt(string, TimeSpan)"/>).</summary>
    /// <param name="row">A row of the chart.</param>
    /// <param name="seconds">Seconds from the start of the run, 0 or more.</param>
    public string StateAt(string row, double seconds) => StateAt(row, Seconds(seconds));

    /// <summary>
    /// One self-contained <c>&lt;div class="asynclab-timeline asynclab-replay"&gt;</c>: the static picture, the chart, the
    /// replay controls (shown once the script runs), the line of what just happened, the summary and the list of moments.
    /// </summary>
    /// <param name="includePlotlyJs">Carry plotly.js inline, as <see cref="TimelineCharts.ToHtmlFragment"/> does.</param>
    public string ToHtmlFragment(bool includePlotlyJs = true) => ReplayHtml.Build(this, includePlotlyJs);

    /// <summary>A standalone, offline HTML page with the replay (plotly.js inlined once).</summary>
    public string ToHtml() => HtmlFragment.Page($"Replay: {Title ?? Timeline.Title ?? "AsyncLab timeline"}", ToHtmlFragment(includePlotlyJs: false));

    /// <summary>Writes <see cref="ToHtml"/> to <paramref name="path"/> (creating its folder) and returns the full path.</summary>
    /// <param name="path">Where to write the page, for example <c>charts/replay.html</c>.</param>
    public string SaveHtml(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
        File.WriteAllText(full, ToHtml());
        return full;
    }

    /// <summary>The run's summary line and how many moments the replay steps through.</summary>
    public override string ToString() => $"{Timeline.Summary} · replay of {Moments.Count} {(Moments.Count == 1 ? "moment" : "moments")}";

    internal IReadOnlyList<(TimeSpan Time, int Kind, string Words)> RowChanges(string row) => _rows[row];

    private static TimeSpan Seconds(double seconds)
    {
        if (double.IsNaN(seconds) || seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "Give a time in seconds from the start of the run, 0 or more.");
        }
        return TimeSpan.FromSeconds(seconds);
    }
}
