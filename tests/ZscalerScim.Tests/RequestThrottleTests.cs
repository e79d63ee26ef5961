using ZscalerScim.Http;
using Xunit;

namespace ZscalerScim.Tests;

/// <summary>
/// The throttle's rules at given times (no clock, no sleeps): the send margin learnt from round trips and 429s, and
/// a sending throttle's window, whose slots end at the answer or at the send plus that margin.
/// </summary>
public class RequestThrottleTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    private static readonly string[] Scim = { "SCIM" };

    private static RequestThrottle FivePerSecond() => RequestThrottle.Sending(new Dictionary<string, RateLimit[]>
    {
        ["SCIM"] = new[] { new RateLimit(5, TimeSpan.FromSeconds(1)) },
    });

    private static ArrivalMargin After(IEnumerable<double> roundTripsMs)
    {
        ArrivalMargin margin = new();
        foreach (double ms in roundTripsMs)
        {
            margin.Answered(Ms(ms), refused: false);
        }
        return margin;
    }

    [Fact]
    public void TheMarginStartsGenerousUntilEnoughRoundTripsAreKnown()
    {
        ArrivalMargin margin = After(Enumerable.Repeat(3.0, ArrivalMargin.Known - 1));
        Assert.Null(margin.Spread);
        Assert.Equal(ArrivalMargin.Initial, margin.Current);
    }

    [Fact]
    public void TheMarginIsTheSpreadOfTheRecentRoundTrips()
    {
        // A path whose trips vary between 20 and 65 ms may deliver one request 45 ms later than the next.
        ArrivalMargin margin = After(Enumerable.Range(0, 40).Select(i => 20.0 + (i * 7 % 46)).Append(20).Append(65));
        Assert.Equal(Ms(45), margin.Spread);
        Assert.Equal(Ms(45), margin.Current);
    }

    [Fact]
    public void OnlyTheRecentRoundTripsCount()
    {
        // A slow first connection (TLS, a cold server) stops counting once a window of trips has followed it.
        ArrivalMargin margin = After(new[] { 400.0 }.Concat(Enumerable.Repeat(10.0, ArrivalMargin.Window - 1)));
        Assert.Equal(ArrivalMargin.Most, margin.Current);
        margin.Answered(Ms(12), refused: false);
        Assert.Equal(Ms(2), margin.Current);
    }

    [Fact]
    public void TheMarginStaysWithinItsBounds()
    {
        Assert.Equal(ArrivalMargin.Least, After(Enumerable.Repeat(5.0, 20)).Current);
        Assert.Equal(ArrivalMargin.Most, After(new[] { 1.0, 900, 2, 3, 4, 5, 6, 7 }).Current);
    }

    [Fact]
    public void A429WidensTheMarginAndALongCleanRunNarrowsItAgain()
    {
        ArrivalMargin margin = After(Enumerable.Range(0, 32).Select(i => 10.0 + i % 21));
        Assert.Equal(Ms(20), margin.Current);

        margin.Answered(Ms(15), refused: true);
        Assert.Equal(Ms(30), margin.Current);
        margin.Answered(Ms(15), refused: true);
        Assert.Equal(Ms(40), margin.Current);

        for (int i = 0; i < ArrivalMargin.CleanRun - 1; i++)
        {
            margin.Answered(Ms(10 + i % 21), refused: false);
        }
        Assert.Equal(Ms(40), margin.Current);
        margin.Answered(Ms(10), refused: false);
        Assert.Equal(Ms(30), margin.Current);
    }

    [Fact]
    public void ARefusalInTheCleanRunStartsItAgain()
    {
        ArrivalMargin margin = After(Enumerable.Range(0, 32).Select(i => 10.0 + i % 21));
        margin.Answered(Ms(15), refused: true);
        for (int i = 0; i < ArrivalMargin.CleanRun - 1; i++)
        {
            margin.Answered(Ms(15), refused: false);
        }
        margin.Answered(Ms(15), refused: true);
        for (int i = 0; i < ArrivalMargin.CleanRun - 1; i++)
        {
            margin.Answered(Ms(15), refused: false);
        }
        Assert.Equal(Ms(20), margin.Widening);
    }

    [Fact]
    public void SendsAreSpreadEvenlyOverThePeriod()
    {
        RequestThrottle throttle = FivePerSecond();
        Assert.NotNull(throttle.TryTake(Scim, Ms(1000)).Slot);
        (TimeSpan wait, _, RequestThrottle.Slot? slot) = throttle.TryTake(Scim, Ms(1050));
        Assert.Null(slot);
        Assert.Equal(Ms(150), wait);
        Assert.NotNull(throttle.TryTake(Scim, Ms(1200)).Slot);
    }

    [Fact]
    public void ATimerThatWakesLateDoesNotPushBackTheSendsAfterIt()
    {
        RequestThrottle throttle = FivePerSecond();
        throttle.TryTake(Scim, Ms(1000));
        // Due at 1200, sent at 1201: the next is still due at 1400.
        throttle.TryTake(Scim, Ms(1201));
        Assert.Equal(Ms(199), throttle.TryTake(Scim, Ms(1201)).Wait);
    }

    [Fact]
    public void AnAnsweredRequestLeavesTheWindowAPeriodAfterItsAnswer()
    {
        RequestThrottle throttle = FivePerSecond();
        List<RequestThrottle.Slot> sent = new();
        for (int i = 0; i < 5; i++)
        {
            RequestThrottle.Slot slot = throttle.TryTake(Scim, Ms(1000 + 200 * i)).Slot!;
            // Answered 30 ms after it left: the server counted it by then.
            slot.Answered(Ms(1030 + 200 * i), 201);
            sent.Add(slot);
        }
        // The sixth may go once the first's answer is a second old: 2030, not its send plus a period (2000).
        Assert.Equal(Ms(30), throttle.TryTake(Scim, Ms(2000)).Wait);
        Assert.NotNull(throttle.TryTake(Scim, Ms(2030)).Slot);
    }

    [Fact]
    public void ARequestWithoutAnAnswerYetHoldsItsSlotUntilSendPlusTheMargin()
    {
        RequestThrottle throttle = FivePerSecond();
        for (int i = 0; i < 5; i++)
        {
            // No answer yet: each may reach the server as late as its send plus the margin (Initial, before any round trip).
            throttle.TryTake(Scim, Ms(1000 + 200 * i));
        }
        Assert.Equal(ArrivalMargin.Initial, throttle.TryTake(Scim, Ms(2000)).Wait);
    }

    [Fact]
    public void AnAnswerLaterThanTheMarginDoesNotHoldTheSlotLonger()
    {
        RequestThrottle throttle = FivePerSecond();
        for (int i = 0; i < 5; i++)
        {
            // A slow server (a big bulk request): answered 400 ms after the send, but counted on arrival, within the margin.
            throttle.TryTake(Scim, Ms(1000 + 200 * i)).Slot!.Answered(Ms(1400 + 200 * i), 200);
        }
        Assert.Equal(ArrivalMargin.Initial, throttle.TryTake(Scim, Ms(2000)).Wait);
    }

    [Fact]
    public void ATripSlowerThanTheMarginHoldsItsSlotAsMuchLongerAsItWasSlowerThanTheQuickest()
    {
        // A quiet path: trips of 3 to 5 ms, a margin of 2 ms.
        RequestThrottle throttle = FivePerSecond();
        TimeSpan now = Ms(1000);
        for (int i = 0; i < 40; i++)
        {
            (TimeSpan wait, _, RequestThrottle.Slot? slot) = throttle.TryTake(Scim, now);
            now += wait;
            slot ??= throttle.TryTake(Scim, now).Slot!;
            slot.Answered(now + Ms(i % 2 == 0 ? 3 : 5), 201);
        }
        Assert.Equal(Ms(2), throttle.Arrival!.Current);
        TimeSpan start = now + Ms(1000);
        for (int i = 0; i < 5; i++)
        {
            // The first is answered 50 ms after it left (a busy server, a new connection): it may have reached the
            // server up to 47 ms later than the quickest trip would have taken it, well past its 2 ms margin.
            throttle.TryTake(Scim, start + Ms(200 * i)).Slot!.Answered(start + Ms(200 * i + (i == 0 ? 50 : 3)), 201);
        }
        Assert.Equal(Ms(47), throttle.TryTake(Scim, start + Ms(1000)).Wait);
    }

    [Fact]
    public void A429ReportedToTheThrottleWidensItsMargin()
    {
        RequestThrottle throttle = FivePerSecond();
        TimeSpan now = Ms(1000);
        for (int i = 0; i < 40; i++)
        {
            (TimeSpan wait, _, RequestThrottle.Slot? slot) = throttle.TryTake(Scim, now);
            now += wait;
            slot ??= throttle.TryTake(Scim, now).Slot!;
            slot.Answered(now + Ms(i % 2 == 0 ? 5 : 25), 201);
        }
        TimeSpan before = throttle.Arrival!.Current;
        throttle.TryTake(Scim, now + Ms(1000)).Slot!.Answered(now + Ms(1015), 429);
        Assert.Equal(before + Ms(10), throttle.Arrival.Current);
    }

    [Fact]
    public void ACallWithoutAnAnswerTeachesTheMarginNothing()
    {
        RequestThrottle throttle = FivePerSecond();
        RequestThrottle.Slot slot = throttle.TryTake(Scim, Ms(1000)).Slot!;
        slot.Complete();
        Assert.Equal(Ms(1000) + ArrivalMargin.Initial, slot.At);
        Assert.Null(throttle.Arrival!.Spread);
    }
}
