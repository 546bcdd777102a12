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

    /// <summary>Soft-deleted (now or by delete_version_after) or destroyed: reads get 404 with metadata.</summary>
    public bool IsDeleted(DateTimeOffset now, long deleteVersionAfter) =>
        Destroyed
        || DeletionTime <= now
        || (deleteVersionAfter > 0 && CreatedTime.AddSeconds(deleteVersionAfter) <= now);
}
