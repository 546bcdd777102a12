namespace Serverless.Vault.Core.Quotas;

/// <summary>
/// One client's count under one quota, as Vault's limiter keeps it: <c>tokens</c> requests per interval, the intervals
/// counted from the client's first request; a client over the rate may also be blocked until a set time.
/// </summary>
internal sealed class ClientWindow(long windowStart)
{
    private readonly Lock _lock = new();
    private long _windowStart = windowStart;
    private long _taken;
    private long _blockedUntil;

    /// <summary>Counts one request at <paramref name="now"/> (ticks) against <paramref name="quota"/>.</summary>
    public RateDecision Take(RateLimitQuota quota, long now)
    {
        lock (_lock)
        {
            if (now < _blockedUntil)
            {
                return new RateDecision(false, quota.Tokens, 0, Seconds(_blockedUntil - now), Seconds(_blockedUntil - now), Blocked: true);
            }

            var interval = quota.Interval.Ticks;
            if (now >= _windowStart + interval)
            {
                // The window the request falls in, counted from the first request: every client's count starts afresh
                // at its own boundaries, as Vault's memory store resets its buckets.
                _windowStart += (now - _windowStart) / interval * interval;
                _taken = 0;
            }

            var reset = Seconds(_windowStart + interval - now);
            if (_taken < quota.Tokens)
            {
                _taken++;
                return new RateDecision(true, quota.Tokens, quota.Tokens - _taken, reset, 0, Blocked: false);
            }

            if (quota.BlockInterval > TimeSpan.Zero)
            {
                _blockedUntil = now + quota.BlockInterval.Ticks;
                return new RateDecision(false, quota.Tokens, 0, reset, Seconds(quota.BlockInterval.Ticks), Blocked: false);
            }

            return new RateDecision(false, quota.Tokens, 0, reset, reset, Blocked: false);
        }
    }

    /// <summary>True when the entry holds nothing a fresh one would not: its window has ended and it is not blocked.</summary>
    public bool IsIdle(RateLimitQuota quota, long now)
    {
        lock (_lock)
        {
            return now >= _windowStart + quota.Interval.Ticks && now >= _blockedUntil;
        }
    }

    private static int Seconds(long ticks) => (int)Math.Min(int.MaxValue, (ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond);
}
