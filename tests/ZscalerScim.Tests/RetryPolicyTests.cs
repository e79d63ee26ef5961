using System.Net.Http;
using ZscalerScim.Http;
using Xunit;

namespace ZscalerScim.Tests;

public class RetryPolicyTests
{
    private readonly RetryPolicy _policy = new(maxRetries: 5);

    [Theory]
    [InlineData(429, null, null, FailureKind.RateLimited)]
    [InlineData(409, "EDIT_LOCK_NOT_AVAILABLE", "Edit lock is not available", FailureKind.Busy)]
    [InlineData(409, "UNEXPECTED_ERROR", "Failed during enter Org barrier", FailureKind.Busy)]
    [InlineData(412, "UNEXPECTED_ERROR", "Failed during enter Org barrier", FailureKind.Busy)]
    [InlineData(409, "DUPLICATE_ITEM", "already exists", FailureKind.Permanent)]
    [InlineData(503, null, null, FailureKind.Unavailable)]
    [InlineData(400, "INVALID_INPUT_ARGUMENT", null, FailureKind.Permanent)]
    [InlineData(403, "STATE_READONLY", null, FailureKind.Permanent)]
    public void ClassifiesServiceAnswers(int status, string? code, string? message, object expected)
    {
        // ZIA's reader tells the edit lock (ZiaErrors.Read uses the same rule); the policy decides from it.
        Assert.Equal((FailureKind)expected, RetryPolicy.Classify(status, Zia.ZiaErrors.IsEditLock(status, code, message)));
    }

    [Fact]
    public void EditLockWaitsGrowFromFiveSecondsAndStopAtAMinute()
    {
        TimeSpan?[] waits = Enumerable.Range(0, 5).Select(i => new RetryPolicy(10).Delay(FailureKind.Busy, i, null)).ToArray();
        Assert.Equal(new double?[] { 5, 10, 20, 40, 60 }, waits.Select(w => w?.TotalSeconds));
    }

    [Fact]
    public void RateLimitWaitsWhatTheServiceAdvertisesAndAtLeastOneSecond()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), _policy.Delay(FailureKind.RateLimited, 0, TimeSpan.FromSeconds(7)));
        Assert.Equal(TimeSpan.FromSeconds(1), _policy.Delay(FailureKind.RateLimited, 0, TimeSpan.Zero));
    }

    [Fact]
    public void GivesUpAfterMaxRetriesAndNeverRetriesPermanentFailures()
    {
        Assert.Null(_policy.Delay(FailureKind.Unavailable, 5, null));
        Assert.NotNull(_policy.Delay(FailureKind.Unavailable, 4, null));
        Assert.Null(_policy.Delay(FailureKind.Permanent, 0, null));
    }

    [Fact]
    public void ReadsTheWaitFromTheZiaBodyWhenNoHeaderIsThere()
    {
        using HttpResponseMessage response = new();
        Assert.Equal(TimeSpan.FromSeconds(3), RetryPolicy.Advertised(response.Headers, "3 seconds"));
        Assert.Null(RetryPolicy.Advertised(response.Headers, null));
    }

    [Fact]
    public void PrefersTheRetryAfterHeader()
    {
        using HttpResponseMessage response = new();
        response.Headers.TryAddWithoutValidation("Retry-After", "12");
        Assert.Equal(TimeSpan.FromSeconds(12), RetryPolicy.Advertised(response.Headers, "3 seconds"));
    }
}
