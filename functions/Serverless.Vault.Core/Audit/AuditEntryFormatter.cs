using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Audit;

/// <summary>
/// Builds Vault's audit entries for one device: tokens, accessors and every string of request and response data
/// HMAC'd with the device's salt; paths, policies, metadata, lease ids and addresses in plain text; empty fields left out.
/// </summary>
internal sealed class AuditEntryFormatter(AuditDeviceSettings settings, AuditHasher hasher)
{
    public JsonObject Request(VaultRequest request, string? error, DateTimeOffset time) =>
        Entry("request", request, null, error, time);

    public JsonObject Response(VaultRequest request, VaultResponse? response, string? error, DateTimeOffset time) =>
        Entry("response", request, response, error ?? Errors(response), time);

    private JsonObject Entry(string type, VaultRequest request, VaultResponse? response, string? error, DateTimeOffset time)
    {
        var entry = new JsonObject { ["time"] = AuditJson.Time(time), ["type"] = type };
        AuditJson.Put(entry, "auth", Auth(request));
        entry["request"] = RequestBlock(request);
        if (response is { Errors: null })
        {
            AuditJson.Put(entry, "response", ResponseBlock(request, response));
        }

        AuditJson.Put(entry, "error", error);
        return entry;
    }

    private JsonObject? Auth(VaultRequest request)
    {
        if (request.Token is not { } token)
        {
            return null;
        }

        var auth = new JsonObject();
        AuditJson.Put(auth, "client_token", ClientToken(request));
        AuditJson.Put(auth, "accessor", Accessor(token.Accessor));
        AuditJson.Put(auth, "display_name", token.DisplayName);
        AuditJson.Put(auth, "policies", AuditJson.Strings(token.Policies));
        AuditJson.Put(auth, "token_policies", AuditJson.Strings(token.Policies));
        AuditJson.Put(auth, "metadata", token.Meta is null ? null : new JsonObject(token.Meta.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))));
        AuditJson.Put(auth, "remaining_uses", token.NumUses);
        AuditJson.Put(auth, "token_type", token.Type);
        AuditJson.Put(auth, "token_ttl", token.Ttl);
        if (token.CreationTime > 0)
        {
            auth["token_issue_time"] = DateTimeOffset.FromUnixTimeSeconds(token.CreationTime).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", global::System.Globalization.CultureInfo.InvariantCulture);
        }

        return auth;
    }

    private JsonObject RequestBlock(VaultRequest request)
    {
        var block = new JsonObject { ["id"] = request.RequestId, ["operation"] = request.Operation.ToString().ToLowerInvariant() };
        AuditJson.Put(block, "mount_point", request.Mount?.Path);
        AuditJson.Put(block, "mount_type", request.Mount?.Type);
        AuditJson.Put(block, "mount_accessor", request.Mount?.Accessor);
        AuditJson.Put(block, "client_token", ClientToken(request));
        AuditJson.Put(block, "client_token_accessor", request.Token is null ? null : Accessor(request.Token.Accessor));
        block["namespace"] = new JsonObject { ["id"] = "root" };
        block["path"] = request.OriginalPath.Length > 0 ? request.OriginalPath : request.Path;
        AuditJson.Put(block, "data", hasher.HashTree(request.Data, request.Mount?.Config.AuditNonHmacRequestKeys ?? []));
        AuditJson.Put(block, "remote_address", request.RemoteAddress);
        AuditJson.Put(block, "wrap_ttl", request.WrapTtl is { } ttl ? (long)ttl.TotalSeconds : 0);
        return block;
    }

    private JsonObject ResponseBlock(VaultRequest request, VaultResponse response)
    {
        var block = new JsonObject();
        AuditJson.Put(block, "mount_point", request.Mount?.Path);
        AuditJson.Put(block, "mount_type", request.Mount?.Type);
        AuditJson.Put(block, "mount_accessor", request.Mount?.Accessor);
        if (response.LeaseId.Length > 0)
        {
            block["secret"] = new JsonObject { ["lease_id"] = response.LeaseId };
        }

        var data = response.Data ?? response.RawBody as JsonObject;
        if (data is not null && settings.ElideListResponses && request.Operation == Operation.List)
        {
            data = Elide(data);
        }

        AuditJson.Put(block, "data", hasher.HashTree(data, request.Mount?.Config.AuditNonHmacResponseKeys ?? []));
        AuditJson.Put(block, "auth", HashFields(response.Auth, "client_token", "accessor"));
        AuditJson.Put(block, "wrap_info", HashFields(response.WrapInfo, "token", "accessor", "wrapped_accessor"));
        AuditJson.Put(block, "warnings", AuditJson.Strings(response.Warnings));
        return block;
    }

    /// <summary>A copy of a token-bearing block (login auth, wrap_info) with its token and accessors hashed.</summary>
    private JsonObject? HashFields(JsonObject? source, string token, params string[] accessors)
    {
        if (source is null)
        {
            return null;
        }

        var copy = source.DeepClone().AsObject();
        if (copy[token] is JsonValue tokenValue && tokenValue.TryGetValue<string>(out var text))
        {
            copy[token] = hasher.Hash(text);
        }

        foreach (var name in accessors)
        {
            if (copy[name] is JsonValue value && value.TryGetValue<string>(out var accessor))
            {
                copy[name] = Accessor(accessor);
            }
        }

        return copy;
    }

    /// <summary>elide_list_responses: a list's keys and key_info become their counts, as Vault does.</summary>
    private static JsonObject Elide(JsonObject data)
    {
        var copy = data.DeepClone().AsObject();
        if (copy["keys"] is JsonArray keys)
        {
            copy["keys"] = keys.Count;
        }

        if (copy["key_info"] is JsonObject info)
        {
            copy["key_info"] = info.Count;
        }

        return copy;
    }

    private string? HashOrNull(string? value) => string.IsNullOrEmpty(value) ? null : hasher.Hash(value);

    private string Accessor(string accessor) => settings.HmacAccessor ? hasher.HashCached(accessor, accessor) : accessor;

    /// <summary>
    /// The caller's token, hashed. A stored token's HMAC is remembered under its storage key (itself a keyed hash,
    /// never the token), as every request of that token logs it twice per entry.
    /// </summary>
    private string? ClientToken(VaultRequest request) =>
        string.IsNullOrEmpty(request.ClientToken) ? null
        : request.Token is { Key.Length: > 0 } token && !token.IsBatch ? hasher.HashCached(token.Key, request.ClientToken)
        : hasher.Hash(request.ClientToken);

    private static string? Errors(VaultResponse? response) =>
        response?.Errors is { Count: > 0 } errors ? string.Join("; ", errors) : null;
}
