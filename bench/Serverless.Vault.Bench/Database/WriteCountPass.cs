using System.Globalization;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Bench.Database;

/// <summary>
/// A dedicated counted pass after the timed rounds (so caches and the lease manager's per-minute markers are warm):
/// <see cref="Count"/> issues, then their revokes, with the physical storage's write round trips counted around each.
/// </summary>
internal sealed record WriteCountPass(StorageOperationCounts Issues, StorageOperationCounts Revokes)
{
    public const int Count = 50;

    /// <summary>Issue 6's bound on storage writes per issue and per revoke.</summary>
    public const double Target = 2;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<WriteCountPass> RunAsync(DatabaseVault vault, CancellationToken cancellationToken)
    {
        var issued = new List<IssuedCredential>(Count);
        var start = vault.Storage.Counts;
        for (var i = 0; i < Count; i++)
        {
            issued.Add(await vault.IssueAsync(cancellationToken).ConfigureAwait(false));
        }

        var middle = vault.Storage.Counts;
        foreach (var credential in issued)
        {
            await vault.RevokeAsync(credential.LeaseId, cancellationToken).ConfigureAwait(false);
        }

        return new WriteCountPass(middle - start, vault.Storage.Counts - middle);
    }

    public void Write(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(string.Create(Invariant, $"{$"storage writes per operation (counted pass, {Count} each)",-62} {"per op",8} {"puts",6} {"deletes",8} {"commits",8}  {"target",8}  verdict"));
        Row(output, "issue   GET database/creds/bench", Issues);
        Row(output, "revoke  PUT sys/leases/revoke", Revokes);
    }

    private static void Row(TextWriter output, string name, StorageOperationCounts counts)
    {
        var perOperation = (double)counts.WriteRoundTrips / Count;
        var verdict = perOperation <= Target ? "met" : "MISSED";
        output.WriteLine(string.Create(Invariant, $"{name,-62} {perOperation,8:0.00} {counts.Puts,6} {counts.Deletes,8} {counts.Transactions,8}  {"<= " + Target.ToString("0", Invariant),8}  {verdict}"));
    }
}
