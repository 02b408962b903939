namespace AsyncLab.Tests;

/// <summary>The one extension point for hosts: install, show, stop, and put the previous host back.</summary>
[Collection(LabHostCollection.Name)]
public sealed class LabHostTests
{
    [Fact]
    public void Install_ThenDispose_RestoresThePreviousHost()
    {
        var before = LabHost.Current;
        var outer = new TestHost();
        var inner = new TestHost();

        using (LabHost.Install(outer))
        {
            using (LabHost.Install(inner))
            {
                Assert.Same(inner, LabHost.Current);
            }
            Assert.Same(outer, LabHost.Current);
        }

        Assert.Same(before, LabHost.Current);
    }

    [Fact]
    public void Dispose_OutOfOrder_LeavesTheNewestRemainingHost()
    {
        var before = LabHost.Current;
        var first = new TestHost();
        var second = new TestHost();
        var firstInstalled = LabHost.Install(first);

        using (LabHost.Install(second))
        {
            firstInstalled.Dispose();
            Assert.Same(second, LabHost.Current);
        }
        firstInstalled.Dispose();

        Assert.Same(before, LabHost.Current);
    }

    [Fact]
    public void Install_Null_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => LabHost.Install(null!));
    }

    [Fact]
    public async Task Show_WithAHostInstalled_GoesToThatHost()
    {
        var host = new TestHost();
        var lab = new Lab(virtualTime: true);
        var timeline = await lab.Run(() => lab.Delay(1));

        using (LabHost.Install(host))
        {
            Lab.Show(timeline);
            Lab.Show(null);
        }

        Assert.Equal([timeline, null], host.Shown);
    }

    [Fact]
    public void Stopping_WithAHostInstalled_IsTheHostsToken()
    {
        using var stop = new CancellationTokenSource();

        using (LabHost.Install(new TestHost(stop.Token)))
        {
            Assert.Equal(stop.Token, new Lab().Stopping);
        }

        Assert.False(new Lab().Stopping.CanBeCanceled);
    }

    [Fact]
    public void Current_NothingInstalled_IsTheDefaultHost()
    {
        Assert.Same(LabHost.Default, LabHost.Current);
        Assert.False(LabHost.Default.Stopping.CanBeCanceled);
    }

    [Fact]
    public void Default_TimelineNullAndText_PrintsSummaryWarningsAndText()
    {
        var timeline = new Timeline([], [], [], [], null, "quiet", virtualTime: true, ["first thing", "second thing"]);
        var previousOut = Console.Out;
        using var printed = new StringWriter();
        try
        {
            Console.SetOut(printed);
            LabHost.Default.Show(timeline);
            LabHost.Default.Show(null);
            LabHost.Default.Show(42);
        }
        finally
        {
            Console.SetOut(previousOut);
        }

        var lines = printed.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([timeline.Summary, "warning: first thing", "warning: second thing", "(null)", "42"], lines);
    }
}
