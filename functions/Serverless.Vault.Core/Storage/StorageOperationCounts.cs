namespace Serverless.Vault.Core.Storage;

/// <summary>
/// How many operations reached a storage: point reads, single puts and deletes, batches (one Table transaction however
/// many rows it holds), listings.
/// </summary>
public readonly record struct StorageOperationCounts(long Reads, long Puts, long Deletes, long Transactions, long Lists)
{
    /// <summary>Single writes: puts and deletes.</summary>
    public long Writes => Puts + Deletes;

    /// <summary>Single writes plus batches: the round trips that change storage.</summary>
    public long WriteRoundTrips => Puts + Deletes + Transactions;

    public static StorageOperationCounts operator -(StorageOperationCounts after, StorageOperationCounts before) =>
        new(after.Reads - before.Reads, after.Puts - before.Puts, after.Deletes - before.Deletes, after.Transactions - before.Transactions, after.Lists - before.Lists);

    public StorageOperationCounts Subtract(StorageOperationCounts before) => this - before;

    public override string ToString() => $"{Reads} reads, {Puts} puts, {Deletes} deletes, {Transactions} transactions, {Lists} lists";
}
