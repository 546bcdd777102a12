using System.Collections.Concurrent;

namespace Serverless.Vault.Core.Quotas;

/// <summary>
/// The per-client counts of one quota on this instance. Memory is bounded: entries whose window has passed are
/// dropped by a sweep at most once per <see cref="SweepInterval"/>, and past <see cref="MaxClients"/> entries every
/// new client shares one overflow count, so a flood of addresses is limited together rather than let through.
/// </summary>
internal sealed class ClientRateLimiter(RateLimitQuota quota, int maxClients = ClientRateLimiter.DefaultMaxClients)
{
    /// <summary>About 2 MB per quota at most (entry, key and table slot), far above the distinct clients one instance serves in an interval.</summary>
    public const int DefaultMaxClients = 10_000;

    /// <summary>The key all clients share once the table is full.</summary>
    public const string OverflowKey = "\u0000overflow";

    /// <summary>How often idle entries are looked for; a sweep is one pass over the table.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, ClientWindow> _clients = new(StringComparer.Ordinal);
    private long _lastSweep;
    private int _sweeping;

    public RateLimitQuota Quota => quota;

    public int MaxClients => maxClients;

    /// <summary>Clients tracked now (the overflow entry included).</summary>
    public int Count => _clients.Count;

    /// <summary>Counts one request from <paramref name="client"/> at <paramref name="now"/>.</summary>
    public RateDecision Take(string client, DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        if (ticks - Interlocked.Read(ref _lastSweep) >= SweepInterval.Ticks)
        {
            Sweep(ticks);
        }

        if (!_clients.TryGetValue(client, out var window))
        {
            if (_clients.Count >= maxClients)
            {
                Sweep(ticks);
            }

            var key = _clients.Count >= maxClients ? OverflowKey : client;
            window = _clients.GetOrAdd(key, static (_, start) => new ClientWindow(start), ticks);
        }

        return window.Take(quota, ticks);
    }

    /// <summary>Drops idle entries; one thread sweeps at a time and the others go on counting.</summary>
    private void Sweep(long now)
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            Interlocked.Exchange(ref _lastSweep, now);
            foreach (var (client, window) in _clients)
            {
                if (window.IsIdle(quota, now))
                {
                    _clients.TryRemove(new KeyValuePair<string, ClientWindow>(client, window));
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }
}
