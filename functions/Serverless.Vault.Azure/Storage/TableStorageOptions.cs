namespace Serverless.Vault.Azure.Storage;

/// <summary>Where the vault's table lives and how hard to retry transient Table Storage errors.</summary>
public sealed record TableStorageOptions
{
    /// <summary>A storage connection string; not needed when a <c>TableServiceClient</c> is passed in.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The one table that holds the whole vault; created on first use.</summary>
    public string TableName { get; init; } = "vault";

    /// <summary>
    /// Retries after a transient failure (408, 429, 500, 502, 503, 504, network errors and timeouts). The caller's
    /// CancellationToken (the request deadline) still ends the attempts early.
    /// </summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first backoff delay; each retry doubles it (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long one attempt may take before it counts as a transient failure. The service runs a query for at most
    /// 5 seconds and a single-entity operation far less, so 15 seconds means the connection, not the work, is stuck.
    /// </summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Rows per list page; the service returns at most 1,000 and a continuation token for the rest.</summary>
    public int ListPageSize { get; init; } = 1000;

    /// <summary>
    /// Folders ("core/token/id") that stay listed even when empty: their folder markers are never deleted, so a
    /// write below one upserts the markers up to it only, once this process has written them all the way up once.
    /// The vault names the folders every login and lease writes to (<c>StorageFolders.Permanent</c>).
    /// </summary>
    public IReadOnlyCollection<string> PermanentFolders { get; init; } = [];

    /// <summary>The clock that times the re-walks of permanent folders (a test's fake clock).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
