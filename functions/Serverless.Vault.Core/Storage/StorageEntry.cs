namespace Serverless.Vault.Core.Storage;

/// <summary>A stored value and the ETag that a conditional write can match.</summary>
public sealed record StorageEntry(string Key, byte[] Value, string ETag);
