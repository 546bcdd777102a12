using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>KV v2 metadata as Vault writes it on the wire.</summary>
internal static class KvJson
{
    /// <summary>One version's metadata: what a write returns and what a read carries next to the data.</summary>
    public static JsonObject VersionMetadata(KvSecretRecord record, long version)
    {
        var info = record.Versions[version];
        return new JsonObject
        {
            ["created_time"] = KvTime.Format(info.CreatedTime),
            ["custom_metadata"] = CustomMetadata(record.CustomMetadata),
            ["deletion_time"] = KvTime.Format(info.DeletionTime),
            ["destroyed"] = info.Destroyed,
            ["version"] = version,
        };
    }

    /// <summary>The whole metadata of a key (GET metadata/:path).</summary>
    public static JsonObject Metadata(KvSecretRecord record)
    {
        var versions = new JsonObject();
        foreach (var (version, info) in record.Versions.OrderBy(pair => pair.Key))
        {
            versions[version.ToString(global::System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["created_time"] = KvTime.Format(info.CreatedTime),
                ["deletion_time"] = KvTime.Format(info.DeletionTime),
                ["destroyed"] = info.Destroyed,
            };
        }

        return new JsonObject
        {
            ["cas_required"] = record.CasRequired,
            ["created_time"] = KvTime.Format(record.CreatedTime),
            ["current_version"] = record.CurrentVersion,
            ["custom_metadata"] = CustomMetadata(record.CustomMetadata),
            ["delete_version_after"] = DurationText.Format(TimeSpan.FromSeconds(record.DeleteVersionAfter)),
            ["max_versions"] = record.MaxVersions,
            ["oldest_version"] = record.OldestVersion,
            ["updated_time"] = KvTime.Format(record.UpdatedTime),
            ["versions"] = versions,
        };
    }

    public static JsonObject? CustomMetadata(IReadOnlyDictionary<string, string>? custom)
    {
        if (custom is null)
        {
            return null;
        }

        var result = new JsonObject();
        foreach (var (key, value) in custom.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            result[key] = value;
        }

        return result;
    }
}
