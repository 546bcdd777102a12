using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>What metadata records of one version: when it was written, soft-deleted or destroyed.</summary>
internal sealed record KvVersionInfo
{
    [JsonPropertyName("created_time")]
    public DateTimeOffset CreatedTime { get; init; }

    [JsonPropertyName("deletion_time")]
    public DateTimeOffset? DeletionTime { get; init; }

    [JsonPropertyName("destroyed")]
    public bool Destroyed { get; init; }

    /// <summary>
    /// The deletion time came from delete_version_after when the version was written (not from a delete): once it
    /// has passed, the expiry job destroys the data. A delete or undelete clears the flag.
    /// </summary>
    [JsonPropertyName("auto_delete")]
    public bool AutoDelete { get; init; }

    /// <summary>Soft-deleted (the deletion time has come) or destroyed: reads get 404 with metadata.</summary>
    public bool IsDeleted(DateTimeOffset now) => Destroyed || DeletionTime <= now;
}
