namespace Serverless.Vault.Core.Storage;

/// <summary>One write of an atomic batch: a put (with a value) or a delete (without), each under its own condition.</summary>
public sealed record StorageWrite
{
    private StorageWrite(string key, ReadOnlyMemory<byte>? value, PutCondition condition)
    {
        Key = key;
        Value = value;
        Condition = condition;
    }

    public string Key { get; }

    /// <summary>The value to store; null for a delete.</summary>
    public ReadOnlyMemory<byte>? Value { get; }

    public PutCondition Condition { get; }

    public bool IsDelete => Value is null;

    public static StorageWrite Put(string key, ReadOnlyMemory<byte> value, PutCondition condition) => new(key, value, condition);

    /// <summary>A delete: unconditional (a missing key is fine) or only if the entry still has this ETag.</summary>
    public static StorageWrite Delete(string key, PutCondition condition)
    {
        if (condition.Kind == PutConditionKind.NotExists)
        {
            throw new ArgumentException("A delete can be unconditional or IfMatch, not NotExists.", nameof(condition));
        }

        return new(key, null, condition);
    }

    /// <summary>The same write with another value (the barrier swaps plaintext for ciphertext).</summary>
    public StorageWrite WithValue(ReadOnlyMemory<byte> value) => IsDelete ? this : new(Key, value, Condition);

    /// <summary>The same write under another key (a storage view adds its prefix).</summary>
    public StorageWrite WithKey(string key) => new(key, Value, Condition);
}
