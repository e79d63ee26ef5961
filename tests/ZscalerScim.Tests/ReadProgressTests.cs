using System;
using System.Management.Automation;
using ZscalerScim.Scim;
using Xunit;

namespace ZscalerScim.Tests;

public class ReadProgressTests
{
    private static ProgressRecord After(int pages, double seconds, double requestsPerSecond)
    {
        ProgressRecord progress = new(3, "Reading SCIM users", "https://scim.example/scim");
        ScimClient.ReadProgress(progress, pages * 1000, 100_000, pages, 1000, TimeSpan.FromSeconds(seconds), requestsPerSecond);
        return progress;
    }

    [Fact]
    public void SaysPagesOfTotalAndTheTimeLeftAtThePacing()
    {
        // 100,000 users at Zscaler's 5 requests a second: 100 pages, 20 s in all.
        ProgressRecord progress = After(pages: 3, seconds: 0.6, requestsPerSecond: 5);
        Assert.Equal("3000 of 100000", progress.StatusDescription);
        Assert.Equal("page 3 of 100", progress.CurrentOperation);
        Assert.Equal(3, progress.PercentComplete);
        Assert.Equal(20, progress.SecondsRemaining);
    }

    [Fact]
    public void ASlowServerLengthensTheEstimateBeyondThePacing()
    {
        // Each page took a second, not the 0.2 s the limit allows.
        Assert.Equal(97, After(pages: 3, seconds: 3, requestsPerSecond: 5).SecondsRemaining);
    }
}
