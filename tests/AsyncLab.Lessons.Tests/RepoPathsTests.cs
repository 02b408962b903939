namespace AsyncLab.Lessons.Tests;

public sealed class RepoPathsTests
{
    [Fact]
    public void Root_FromTestOutput_HoldsNotebooksFolder()
    {
        Assert.True(Directory.Exists(Path.Combine(RepoPaths.Root, "notebooks")), "notebooks/ not found under " + RepoPaths.Root);
    }
}
