namespace Serverless.Vault.Client.Caching;

/// <summary>The mutable state of one cache key; every field is read and written under <see cref="Gate"/>.</summary>
internal sealed class CacheSlot(string key)
{
    public string Key { get; } = key;

    public Lock Gate { get; } = new();

    public CacheEntry? Entry { get; set; }

    /// <summary>The one refresh in flight for this key (single flight): every caller that needs one awaits it.</summary>
    public Task<CacheEntry>? Pending { get; set; }

    /// <summary>The latest fetch a caller supplied; background replacements use it.</summary>
    public Func<CancellationToken, Task<LeasedValue<object>>>? Fetch { get; set; }

    public ITimer? Timer { get; set; }

    /// <summary>Bumped on every reschedule, so a timer that fires after it was replaced does nothing.</summary>
    public long TimerVersion { get; set; }
}
