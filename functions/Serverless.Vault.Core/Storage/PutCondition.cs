namespace Serverless.Vault.Core.Storage;

/// <summary>The precondition of a write: none, "must not exist yet", or "must still have this ETag".</summary>
public readonly record struct PutCondition
{
    private PutCondition(PutConditionKind kind, string? etag)
    {
        Kind = kind;
        ETag = etag;
    }

    public PutConditionKind Kind { get; }

    public string? ETag { get; }

    public static PutCondition None => new(PutConditionKind.None, null);

    public static PutCondition NotExists => new(PutConditionKind.NotExists, null);

    public static PutCondition IfMatch(string etag) => new(PutConditionKind.IfMatch, etag ?? throw new ArgumentNullException(nameof(etag)));

    /// <summary>IfMatch the entry's ETag, or NotExists when there is no entry.</summary>
    public static PutCondition From(StorageEntry? current) => current is null ? NotExists : IfMatch(current.ETag);
}
