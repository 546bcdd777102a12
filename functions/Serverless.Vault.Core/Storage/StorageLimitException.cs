namespace Serverless.Vault.Core.Storage;

/// <summary>A key or value exceeds what the storage can hold (see <see cref="StorageLimits"/>).</summary>
public sealed class StorageLimitException(string message) : Exception(message);
