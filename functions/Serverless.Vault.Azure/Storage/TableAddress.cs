namespace Serverless.Vault.Azure.Storage;

/// <summary>The escaped PartitionKey and RowKey of one Table row.</summary>
internal readonly record struct TableAddress(string PartitionKey, string RowKey);
