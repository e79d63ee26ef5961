using System;

namespace ZscalerScim.Http;

/// <summary>
/// How much later than its send a request may reach the server, which counts it on arrival: learnt from the path.
/// The spread of the recent round trips bounds how much the trip out can vary (it is part of each round trip);
/// a 429 says the path varied more than that, and widens it; a long clean run takes the widening back, by halves.
/// Pure arithmetic on the round trips it is told of, so that its rules can be checked without a clock.
/// </summary>
internal sealed class ArrivalMargin
{
    /// <summary>Until enough round trips are known: generous, which costs little, as an answer ends a request's margin early.</summary>
    public static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The bounds: the clocks on either side tick apart by a little; and a round trip that varies by more than a tenth
    /// of a second varies in the server's work (a bulk request of many operations), which comes after it counted the
    /// request, more than on the way there. Each millisecond of margin costs a thousandth of the rate, where answers are slow.
    /// </summary>
    public static readonly TimeSpan Least = TimeSpan.FromMilliseconds(2), Most = TimeSpan.FromMilliseconds(100);

    /// <summary>Round trips in the spread; fewer than <see cref="Known"/> and the spread is not trusted yet.</summary>
    public const int Window = 32, Known = 8;

    /// <summary>Answers without a 429 after which the widening halves.</summary>
    public const int CleanRun = 100;

    // The first widening: a 429 proves the margin short by an unknown amount, at least a clock tick or two.
    private static readonly TimeSpan FirstWidening = TimeSpan.FromMilliseconds(10);

    private readonly TimeSpan[] _trips = new TimeSpan[Window];
    private int _count;
    private int _next;
    private int _clean;

    /// <summary>What the 429s added on top of the spread.</summary>
    public TimeSpan Widening { get; private set; }

    /// <summary>The spread (slowest less fastest) of the recent round trips, or null while too few are known.</summary>
    public TimeSpan? Spread => _count < Known ? null : Slowest - Quickest;

    private TimeSpan Quickest
    {
        get
        {
            TimeSpan least = TimeSpan.MaxValue;
            for (int i = 0; i < _count; i++)
            {
                least = _trips[i] < least ? _trips[i] : least;
            }
            return least;
        }
    }

    private TimeSpan Slowest
    {
        get
        {
            TimeSpan most = TimeSpan.Zero;
            for (int i = 0; i < _count; i++)
            {
                most = _trips[i] > most ? _trips[i] : most;
            }
            return most;
        }
    }

    /// <summary>
    /// How long after its send an answered request may have been counted, given the margin it left with. An answer
    /// within the margin proves it counted by then. A later one may be a trip out slower than the margin allowed for
    /// (a busy server, a new connection): by as much as its round trip exceeds the quickest recent one, within
    /// <see cref="Most"/>. Call after <see cref="Answered"/> has learnt the trip.
    /// </summary>
    public TimeSpan CountedWithin(TimeSpan roundTrip, TimeSpan margin)
    {
        if (roundTrip <= margin)
        {
            return roundTrip;
        }
        TimeSpan slower = _count == 0 ? TimeSpan.Zero : roundTrip - Quickest;
        slower = slower > Most ? Most : slower;
        return slower > margin ? slower : margin;
    }

    /// <summary>The margin now: the spread (or <see cref="Initial"/>) and the widening, within the bounds.</summary>
    public TimeSpan Current
    {
        get
        {
            TimeSpan margin = (Spread ?? Initial) + Widening;
            return margin < Least ? Least : margin > Most ? Most : margin;
        }
    }

    /// <summary>An answer came, <paramref name="roundTrip"/> after the send; <paramref name="refused"/> when it was a 429.</summary>
    public void Answered(TimeSpan roundTrip, bool refused)
    {
        _trips[_next] = roundTrip < TimeSpan.Zero ? TimeSpan.Zero : roundTrip;
        _next = (_next + 1) % Window;
        _count = Math.Min(Window, _count + 1);
        if (refused)
        {
            TimeSpan doubled = Widening + Widening;
            Widening = doubled < FirstWidening ? FirstWidening : doubled > Most ? Most : doubled;
            _clean = 0;
        }
        else if (++_clean >= CleanRun)
        {
            Widening = Widening < TimeSpan.FromMilliseconds(1) ? TimeSpan.Zero : TimeSpan.FromTicks(Widening.Ticks / 2);
            _clean = 0;
        }
    }
}
