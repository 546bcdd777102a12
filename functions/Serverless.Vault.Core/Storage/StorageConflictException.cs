namespace Serverless.Vault.Core.Storage;

/// <summary>A conditional write lost a race: the entry changed, appeared or vanished since it was read.</summary>
public sealed class StorageConflictException(string key)
    : Exception($"The storage entry '{key}' changed concurrently.")
{
    public string Key { get; } = key;
}
