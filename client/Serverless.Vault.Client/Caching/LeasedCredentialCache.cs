using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Serverless.Vault.Client.Caching;

/// <summary>
/// Holds leased credentials per key and hands the same ones to every caller until a fraction of their lease has
/// passed; renews them in the background while the vault allows, and replaces them before the lease ends when it
/// does not (max TTL, failed renewal, revoked lease, invalidation). Concurrent callers of one key share one fetch.
/// Thread-safe; all time comes from the client's <see cref="TimeProvider"/>.
/// </summary>
public sealed class LeasedCredentialCache : IAsyncDisposable
{
    private readonly VaultClient _client;
    private readonly LeasedCredentialCacheOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, CacheSlot> _slots = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposing = new();
    private int _disposed;

    public LeasedCredentialCache(VaultClient client, LeasedCredentialCacheOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _options = options ?? new LeasedCredentialCacheOptions();
        _options.Validate();
        _client = client;
        _logger = client.Loggers.CreateLogger<LeasedCredentialCache>();
    }

    /// <summary>Raised after an entry's credentials were replaced (not on the first fetch, not on renewals).</summary>
    public event EventHandler<LeasedCredentialReplacedEventArgs>? Replaced;

    private TimeProvider Time => _client.Time;

    /// <summary>
    /// The credentials cached under <paramref name="key"/>, fetched with <paramref name="fetch"/> when there are none,
    /// when they are due for renewal or replacement, or when they were invalidated.
    /// </summary>
    public async Task<LeasedValue<T>> GetAsync<T>(string key, Func<CancellationToken, Task<LeasedValue<T>>> fetch, CancellationToken cancellationToken = default)
        where T : notnull
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(fetch);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var slot = _slots.GetOrAdd(key, static k => new CacheSlot(k));
        CacheEntry? current;
        Task<CacheEntry> pending;
        lock (slot.Gate)
        {
            current = slot.Entry;
            if (current is not null && current.IsFreshAt(Time.GetUtcNow()))
            {
                return Typed<T>(slot, current);
            }

            slot.Fetch = async token =>
            {
                var fetched = await fetch(token).ConfigureAwait(false);
                return new LeasedValue<object>(fetched.Value, fetched.Lease);
            };
            pending = StartRefreshLocked(slot);
        }

        try
        {
            return Typed<T>(slot, await pending.WaitAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested && current is not null && current.IsValidAt(Time.GetUtcNow()))
        {
            // The vault could not be reached, but the credentials in hand are inside their lease: they keep working.
            CacheLog.UsingCurrent(_logger, slot.Key, current.Lease.Id, current.Lease.ExpiresAt);
            return Typed<T>(slot, current);
        }
    }

    /// <summary>A typed entry for a database role's dynamic credentials (<c>&lt;mount&gt;/creds/&lt;role&gt;</c>).</summary>
    public DynamicDatabaseCredentials DatabaseCredentials(string role, string mount = "database") => new(this, _client.Database(mount), role);

    /// <summary>
    /// Marks the entry's credentials unusable (for example after the database refused them): the next call gets new
    /// ones. With <paramref name="leaseId"/>, only when the entry still holds that lease. True when an entry was marked.
    /// </summary>
    public bool Invalidate(string key, string? leaseId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!_slots.TryGetValue(key, out var slot))
        {
            return false;
        }

        lock (slot.Gate)
        {
            if (slot.Entry is not { StaleReason: null } entry || (leaseId is not null && entry.Lease.Id != leaseId))
            {
                return false;
            }

            slot.Entry = entry with { StaleReason = LeaseReplacementReason.Invalidated };
            CacheLog.Invalidated(_logger, key, entry.Lease.Id);
            return true;
        }
    }

    /// <summary>Stops the timers and, with <see cref="LeasedCredentialCacheOptions.RevokeOnDispose"/>, revokes the leases held.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        var pending = new List<Task>();
        foreach (var slot in _slots.Values)
        {
            lock (slot.Gate)
            {
                slot.Timer?.Dispose();
                slot.Timer = null;
                if (slot.Pending is { } task)
                {
                    pending.Add(task);
                }
            }
        }

        // A refresh cancelled mid-flight fails; what matters is that it is over before the held leases are collected.
        await Task.WhenAll(pending).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
            .ConfigureAwait(false);
        if (_options.RevokeOnDispose)
        {
            foreach (var slot in _slots.Values)
            {
                await RevokeHeldAsync(slot).ConfigureAwait(false);
            }
        }

        _disposing.Dispose();
    }

    private static LeasedValue<T> Typed<T>(CacheSlot slot, CacheEntry entry) =>
        entry.Value is T value
            ? new LeasedValue<T>(value, entry.Lease)
            : throw new InvalidOperationException($"The cache key '{slot.Key}' holds a {entry.Value.GetType().Name}, not a {typeof(T).Name}: use one value type per key.");

    private Task<CacheEntry> StartRefreshLocked(CacheSlot slot)
    {
        if (slot.Pending is { } running)
        {
            return running;
        }

        var completion = new TaskCompletionSource<CacheEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        slot.Pending = completion.Task;

        // Started outside the caller's lock: the refresh takes the slot's lock itself.
        _ = Task.Run(() => RefreshAsync(slot, completion));
        return completion.Task;
    }

    private async Task RefreshAsync(CacheSlot slot, TaskCompletionSource<CacheEntry> completion)
    {
        CacheEntry? current;
        Func<CancellationToken, Task<LeasedValue<object>>> fetch;
        lock (slot.Gate)
        {
            current = slot.Entry;
            fetch = slot.Fetch!;
        }

        try
        {
            var (next, reason) = await new LeaseRefresher(_client, _options, _logger, slot, fetch).RunAsync(current, _disposing.Token).ConfigureAwait(false);
            lock (slot.Gate)
            {
                // An invalidation that arrived during a renewal applies to the renewed entry too.
                if (slot.Entry is { StaleReason: { } stale } marked && marked.Lease.Id == next.Lease.Id)
                {
                    next = next with { StaleReason = stale };
                }

                slot.Entry = next;
                slot.Pending = null;
                ScheduleLocked(slot, next.RefreshAt);
            }

            if (reason is { } why && current is not null)
            {
                CacheLog.Replaced(_logger, slot.Key, current.Lease.Id, next.Lease.Id, why);
                RaiseReplaced(new LeasedCredentialReplacedEventArgs(slot.Key, current.Lease, next.Lease, why));
            }

            completion.SetResult(next);
        }
        catch (Exception error)
        {
            var retryAt = Time.GetUtcNow() + _options.RetryInterval;
            lock (slot.Gate)
            {
                slot.Pending = null;
                ScheduleLocked(slot, retryAt);
            }

            if (!_disposing.IsCancellationRequested)
            {
                CacheLog.RefreshFailed(_logger, error, slot.Key, retryAt);
            }

            completion.SetException(error);
        }
    }

    private void ScheduleLocked(CacheSlot slot, DateTimeOffset at)
    {
        slot.Timer?.Dispose();
        slot.Timer = null;
        var version = ++slot.TimerVersion;
        if (!_options.BackgroundRefresh || Volatile.Read(ref _disposed) != 0 || at == DateTimeOffset.MaxValue)
        {
            return;
        }

        // Timers cannot wait longer than about 49 days; a timer that fires early finds the entry fresh and re-arms.
        var due = TimeSpan.FromTicks(Math.Clamp((at - Time.GetUtcNow()).Ticks, 0, TimeSpan.FromDays(30).Ticks));
        slot.Timer = Time.CreateTimer(
            _ => _ = Task.Run(() => OnTimer(slot, version)),
            null,
            due,
            Timeout.InfiniteTimeSpan);
    }

    private void OnTimer(CacheSlot slot, long version)
    {
        Task<CacheEntry> pending;
        lock (slot.Gate)
        {
            if (version != slot.TimerVersion || Volatile.Read(ref _disposed) != 0 || slot.Fetch is null)
            {
                return;
            }

            if (slot.Entry is { } entry && entry.IsFreshAt(Time.GetUtcNow()))
            {
                ScheduleLocked(slot, entry.RefreshAt);
                return;
            }

            pending = StartRefreshLocked(slot);
        }

        // Failures are logged by the refresh and retried on the next timer; nobody awaits this one.
        _ = pending.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private void RaiseReplaced(LeasedCredentialReplacedEventArgs args)
    {
        try
        {
            Replaced?.Invoke(this, args);
        }
        catch (Exception error)
        {
            // A subscriber's bug must not fail the refresh every caller of the key is waiting for.
            CacheLog.HandlerFailed(_logger, error, args.Key);
        }
    }

    private async Task RevokeHeldAsync(CacheSlot slot)
    {
        CacheEntry? entry;
        lock (slot.Gate)
        {
            entry = slot.Entry;
            slot.Entry = null;
        }

        if (entry is null || entry.Lease.Id.Length == 0)
        {
            return;
        }

        try
        {
            // Security-relevant: not abandoned on anyone's cancellation.
            await _client.Leases.RevokeAsync(entry.Lease.Id, CancellationToken.None).ConfigureAwait(false);
            CacheLog.Revoked(_logger, slot.Key, entry.Lease.Id);
        }
        catch (Exception error) when (error is VaultApiException or HttpRequestException or TaskCanceledException or ObjectDisposedException)
        {
            // ObjectDisposedException: the HTTP pipeline went first (a container disposed out of order); the lease
            // then ends with its TTL.
            CacheLog.RevokeFailed(_logger, error, slot.Key, entry.Lease.Id);
        }
    }
}
