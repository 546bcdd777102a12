using System.Text.Json.Nodes;
using Serverless.Vault.Core.Mounts;

namespace Serverless.Vault.Core.System;

/// <summary>How a mount entry looks on the wire (sys/mounts, sys/internal/ui/mounts).</summary>
internal static class MountJson
{
    public static JsonObject Describe(MountEntry mount)
    {
        var config = new JsonObject
        {
            ["default_lease_ttl"] = mount.Config.DefaultLeaseTtl,
            ["max_lease_ttl"] = mount.Config.MaxLeaseTtl,
            ["force_no_cache"] = mount.Config.ForceNoCache,
        };
        AddIfSet(config, "listing_visibility", mount.Config.ListingVisibility);
        AddIfAny(config, "audit_non_hmac_request_keys", mount.Config.AuditNonHmacRequestKeys);
        AddIfAny(config, "audit_non_hmac_response_keys", mount.Config.AuditNonHmacResponseKeys);
        AddIfAny(config, "passthrough_request_headers", mount.Config.PassthroughRequestHeaders);
        AddIfAny(config, "allowed_response_headers", mount.Config.AllowedResponseHeaders);
        return new JsonObject
        {
            ["accessor"] = mount.Accessor,
            ["config"] = config,
            ["description"] = mount.Description,
            ["external_entropy_access"] = false,
            ["local"] = mount.Local,
            ["options"] = Options(mount.Options),
            ["plugin_version"] = "",
            ["running_plugin_version"] = "",
            ["running_sha256"] = "",
            ["seal_wrap"] = mount.SealWrap,
            ["type"] = mount.Type,
            ["uuid"] = mount.Uuid,
        };
    }

    public static JsonObject? Options(IReadOnlyDictionary<string, string>? options)
    {
        if (options is null)
        {
            return null;
        }

        var result = new JsonObject();
        foreach (var (key, value) in options.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            result[key] = value;
        }

        return result;
    }

    private static void AddIfSet(JsonObject target, string name, string value)
    {
        if (value.Length > 0)
        {
            target[name] = value;
        }
    }

    private static void AddIfAny(JsonObject target, string name, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            target[name] = new JsonArray(values.Select(v => (JsonNode?)v).ToArray());
        }
    }
}
