namespace Serverless.Vault.Bench.Database;

/// <summary>The two sides' stocks of credentials to revoke: leases through the vault, role names on the raw side.</summary>
internal sealed class DatabaseStocks(DatabaseVault vault, RawPostgres raw, BenchOptions options)
{
    // Each stock starts with enough for a revoke side's warm-up at 400 revokes per second, then sizes itself.
    public RevokeStock<IssuedCredential> Vault { get; } = new(
        vault.IssueAsync, (issued, ct) => vault.RevokeAsync(issued.LeaseId, ct), (int)(options.WarmUp.TotalSeconds * 400));

    public RevokeStock<string> Raw { get; } = new(raw.CreateAsync, raw.DropAsync, (int)(options.WarmUp.TotalSeconds * 400));

    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        await Vault.DrainAsync(cancellationToken).ConfigureAwait(false);
        await Raw.DrainAsync(cancellationToken).ConfigureAwait(false);
    }
}
