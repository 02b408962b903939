namespace AsyncLab.Recording;

/// <summary>
/// Builds a step line from changes in time order. Changes at the same instant count as one step (its final value), so a
/// slot handed over at one instant never shows as a dip or a bump; equal neighbours are merged.
/// </summary>
internal sealed class StepLine
{
    private readonly List<StepPoint> _points;

    /// <param name="start">The value at the start of the timeline.</param>
    public StepLine(int start = 0) => _points = [new(TimeSpan.Zero, start)];

    public IReadOnlyList<StepPoint> Points => _points.Count == 1 && _points[0].Value == 0 ? [] : _points;

    public void Add(TimeSpan time, int delta) => Set(time, _points[^1].Value + delta);

    public void Set(TimeSpan time, int value)
    {
        if (_points[^1].Time == time)
        {
            _points[^1] = new StepPoint(time, value);
            if (_points.Count > 1 && _points[^2].Value == value)
            {
                _points.RemoveAt(_points.Count - 1);
            }
        }
        else if (_points[^1].Value != value)
        {
            _points.Add(new StepPoint(time, value));
        }
    }
}
