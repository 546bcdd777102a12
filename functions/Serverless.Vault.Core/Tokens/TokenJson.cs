using System.Globalization;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Tokens;

/// <summary>Vault's wire shapes for tokens: the <c>auth</c> block and the lookup <c>data</c>.</summary>
internal static class TokenJson
{
    /// <summary>The auth block of create and renew answers (§1.3); the id is "" for renew-accessor.</summary>
    public static JsonObject Auth(string clientToken, TokenEntry entry, long leaseDuration, bool renewable) => new()
    {
        ["client_token"] = clientToken,
        ["accessor"] = entry.Accessor,
        ["policies"] = Strings(entry.Policies),
        ["token_policies"] = Strings(entry.Policies),
        ["metadata"] = Meta(entry.Meta),
        ["lease_duration"] = leaseDuration,
        ["renewable"] = renewable,
        ["entity_id"] = "",
        ["token_type"] = entry.Type,
        ["orphan"] = entry.IsOrphan,
        ["mfa_requirement"] = null,
        ["num_uses"] = entry.NumUses,
    };

    /// <summary>The data of lookup, lookup-self and lookup-accessor (which passes "" as the id).</summary>
    public static JsonObject Lookup(string id, TokenEntry entry, DateTimeOffset now)
    {
        var data = new JsonObject
        {
            ["accessor"] = entry.Accessor,
            ["creation_time"] = entry.CreationTime,
            ["creation_ttl"] = entry.Ttl,
            ["display_name"] = entry.DisplayName,
            ["entity_id"] = "",
            ["expire_time"] = entry.ExpireTime > 0 ? Time(entry.ExpireTime) : null,
            ["explicit_max_ttl"] = entry.ExplicitMaxTtl,
            ["id"] = id,
            ["issue_time"] = Time(entry.CreationTime),
            ["meta"] = Meta(entry.Meta),
            ["num_uses"] = entry.NumUses,
            ["orphan"] = entry.IsOrphan,
            ["path"] = entry.Path,
            ["policies"] = Strings(entry.Policies),
            ["renewable"] = entry.Renewable && entry.ExpireTime > 0 && !entry.IsExpired(now),
            ["ttl"] = entry.RemainingTtl(now),
            ["type"] = entry.Type,
        };
        if (entry.LastRenewalTime > 0)
        {
            data["last_renewal_time"] = entry.LastRenewalTime;
            data["last_renewal"] = Time(entry.LastRenewalTime);
        }

        if (entry.Role.Length > 0)
        {
            data["role"] = entry.Role;
        }

        if (entry.Period > 0)
        {
            data["period"] = entry.Period;
        }

        return data;
    }

    /// <summary>RFC 3339 in UTC, as Go writes a time.Time.</summary>
    public static string Time(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(value => (JsonNode?)value)]);

    private static JsonObject? Meta(IReadOnlyDictionary<string, string>? meta)
    {
        if (meta is null)
        {
            return null;
        }

        var node = new JsonObject();
        foreach (var (key, value) in meta)
        {
            node[key] = value;
        }

        return node;
    }
}
