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

    /// <summary>At the cap, how often a new client may trigger a sweep: a flood of new addresses must not make every request scan the table.</summary>
    private static readonly TimeSpan CapSweepGap = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, ClientWindow> _clients = new(StringComparer.Ordinal);
    private int _count;
    private long _lastSweep;
    private int _sweeping;

    public RateLimitQuota Quota => quota;

    public int MaxClients => maxClients;

    /// <summary>Clients tracked now (the overflow entry included); kept apart because the table's own count takes every lock.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Counts one request from <paramref name="client"/> at <paramref name="now"/>.</summary>
    public RateDecision Take(string client, DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        var sinceSweep = ticks - Interlocked.Read(ref _lastSweep);
        if (sinceSweep >= SweepInterval.Ticks)
        {
            Sweep(ticks);
        }

        if (!_clients.TryGetValue(client, out var window))
        {
            if (Count >= maxClients && sinceSweep >= CapSweepGap.Ticks)
            {
                Sweep(ticks);
            }

            window = GetOrAdd(Count >= maxClients ? OverflowKey : client, ticks);
        }

        return window.Take(quota, ticks);
    }

    private ClientWindow GetOrAdd(string key, long ticks)
    {
        ClientWindow? window;
        var fresh = new ClientWindow(ticks);
        while (!_clients.TryGetValue(key, out window))
        {
            if (_clients.TryAdd(key, fresh))
            {
                Interlocked.Increment(ref _count);
                return fresh;
            }
        }

        return window;
    }

    /// <summary>
    /// Drops idle entries; one thread sweeps at a time and the others go on counting. A request that fetched an entry
    /// just before it was dropped counts on the dropped copy: at most one extra request for that client.
    /// </summary>
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
                if (window.IsIdle(quota, now) && _clients.TryRemove(new KeyValuePair<string, ClientWindow>(client, window)))
                {
                    Interlocked.Decrement(ref _count);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }
}
