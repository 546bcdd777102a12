namespace Serverless.Vault.Bench.Measurement;

/// <summary>One thing measured: an operation, how many items one call handles, and how many callers run it at once.</summary>
/// <param name="Name">Printed in the table.</param>
/// <param name="Operation">One call; it must throw when the call did not succeed, so failures are never counted as speed.</param>
/// <param name="ItemsPerOperation">1, or the batch size, so rates are comparable per item.</param>
/// <param name="Workers">Concurrent callers.</param>
internal sealed record Side(string Name, Func<CancellationToken, ValueTask> Operation, int ItemsPerOperation, int Workers)
{
    /// <summary>Untimed preparation before every run of the side (warm-up and each slice), e.g. stocking leases to revoke.</summary>
    public Func<CancellationToken, ValueTask>? BeforeRun { get; init; }

    /// <summary>
    /// Untimed clean-up after every run of the side (warm-up and each slice), e.g. revoking what the slice issued so
    /// the target does not grow through the run. Null for sides that leave nothing behind.
    /// </summary>
    public Func<CancellationToken, ValueTask>? AfterRun { get; init; }
}
