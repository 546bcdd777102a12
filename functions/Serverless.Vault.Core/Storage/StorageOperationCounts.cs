namespace Serverless.Vault.Core.Storage;

/// <summary>How many operations reached a storage: point reads, single writes (puts and deletes), batches, listings.</summary>
public readonly record struct StorageOperationCounts(long Reads, long Writes, long Transactions, long Lists)
{
    /// <summary>Single writes plus batches: the round trips that change storage.</summary>
    public long WriteRoundTrips => Writes + Transactions;

    public static StorageOperationCounts operator -(StorageOperationCounts after, StorageOperationCounts before) =>
        new(after.Reads - before.Reads, after.Writes - before.Writes, after.Transactions - before.Transactions, after.Lists - before.Lists);

    public StorageOperationCounts Subtract(StorageOperationCounts before) => this - before;

    public override string ToString() => $"{Reads} reads, {Writes} writes, {Transactions} transactions, {Lists} lists";
}
