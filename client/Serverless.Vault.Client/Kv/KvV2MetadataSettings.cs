using System.Text.Json.Nodes;

namespace Serverless.Vault.Client.Kv;

/// <summary>What <see cref="KvV2Client.WriteMetadataAsync"/> sets on a secret; null members are left as they are.</summary>
public sealed record KvV2MetadataSettings
{
    /// <summary>Versions kept; 0 means the mount's setting.</summary>
    public int? MaxVersions { get; init; }

    /// <summary>Writes must carry a check-and-set version.</summary>
    public bool? CasRequired { get; init; }

    /// <summary>Each new version is soft-deleted this long after it is written; zero turns that off.</summary>
    public TimeSpan? DeleteVersionAfter { get; init; }

    /// <summary>Replaces the secret's custom metadata (at most 64 keys).</summary>
    public IReadOnlyDictionary<string, string>? CustomMetadata { get; init; }

    internal JsonObject ToBody()
    {
        var body = new JsonObject();
        if (MaxVersions is { } max)
        {
            body["max_versions"] = max;
        }

        if (CasRequired is { } cas)
        {
            body["cas_required"] = cas;
        }

        if (DeleteVersionAfter is { } after)
        {
            body["delete_version_after"] = VaultDuration.Format(after);
        }

        if (CustomMetadata is { } custom)
        {
            body["custom_metadata"] = new JsonObject(custom.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        }

        return body;
    }
}
