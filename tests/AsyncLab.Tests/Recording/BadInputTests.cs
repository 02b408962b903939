#pragma warning disable CS0618 // Fail still works for a release; its bad input is still checked.
namespace AsyncLab.Tests.Recording;

public sealed class BadInputTests
{
    private readonly Lab _lab = new(virtualTime: true);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Delay_NotPositive_ThrowsNamingTheArgumentAndAnExample(double seconds)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _lab.Delay(TimeSpan.FromSeconds(seconds), TestContext.Current.CancellationToken));
        Assert.Equal("duration", error.ParamName);
        Assert.Contains("TimeSpan.FromSeconds(1)", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public async Task DelaySeconds_NotAPositiveNumber_ThrowsNamingTheArgument(double seconds)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _lab.Delay(seconds, TestContext.Current.CancellationToken));
        Assert.Equal("seconds", error.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void ComputeAndBlock_NotPositive_Throw(double seconds)
    {
        Assert.Equal("duration", Assert.Throws<ArgumentOutOfRangeException>(() => _lab.Compute(TimeSpan.FromSeconds(seconds))).ParamName);
        Assert.Equal("duration", Assert.Throws<ArgumentOutOfRangeException>(() => _lab.Block(TimeSpan.FromSeconds(seconds))).ParamName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Track_NoName_ThrowsNamingTheArgument(string? name)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => _lab.Track(name!));
        Assert.Equal("name", error.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Track_BlankLane_ThrowsNamingTheArgument(string lane) =>
        Assert.Equal("lane", Assert.ThrowsAny<ArgumentException>(() => _lab.Track("job", lane)).ParamName);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void MarkAndQueues_NoName_Throw(string? text)
    {
        Assert.ThrowsAny<ArgumentException>(() => _lab.Mark(text!));
        Assert.ThrowsAny<ArgumentException>(() => _lab.Enqueued(text!));
        Assert.ThrowsAny<ArgumentException>(() => _lab.Dequeued(text!));
    }

    [Fact]
    public void Fail_Null_ThrowsNamingTheArgument() =>
        Assert.Equal("error", Assert.Throws<ArgumentNullException>(() => _lab.Track("job").Fail(null!)).ParamName);

    [Fact]
    public async Task Run_IdealNotPositive_ThrowsNamingTheArgument()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _lab.Run(() => Task.CompletedTask, ideal: TimeSpan.Zero));
        Assert.Equal("ideal", error.ParamName);
    }

    [Fact]
    public void Lab_VirtualTimeAndATimeProvider_ThrowsSayingToPickOne()
    {
        var error = Assert.Throws<ArgumentException>(() => new Lab(virtualTime: true, time: TimeProvider.System));
        Assert.Equal("time", error.ParamName);
        Assert.Contains("not both", error.Message);
    }

    [Fact]
    public async Task Run_ScenarioThrows_ThrowsTheSameException()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _lab.Run(async () =>
            {
                await _lab.Delay(1);
                throw new InvalidOperationException("boom");
            }));
        Assert.Equal("boom", error.Message);
    }

    [Fact]
    public void Queue_Unknown_ThrowsListingTheQueuesThatExist()
    {
        _lab.Enqueued("orders");
        var timeline = _lab.Freeze();

        var error = Assert.Throws<ArgumentException>(() => timeline.Queue("jobs"));
        Assert.Contains("'orders'", error.Message);
    }
}
