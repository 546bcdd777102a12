using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Wrapping;

/// <summary>
/// The response to wrap, as the JSON envelope the client would have received: Vault stores exactly this (as a string)
/// and hands it back on unwrap, with the original request's id and the mount's type.
/// </summary>
internal static class WrappedEnvelope
{
    public static string Build(VaultRequest request, VaultResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var envelope = new JsonObject
        {
            ["request_id"] = request.RequestId,
            ["lease_id"] = response.LeaseId,
            ["renewable"] = response.Renewable,
            ["lease_duration"] = response.LeaseDuration,
            ["data"] = response.Data?.DeepClone(),
            ["wrap_info"] = null,
            ["warnings"] = response.Warnings.Count == 0 ? null : new JsonArray([.. response.Warnings.Select(w => (JsonNode?)w)]),
            ["auth"] = response.Auth?.DeepClone(),
            ["mount_type"] = request.Mount?.Type ?? "",
        };
        return envelope.ToJsonString();
    }

    /// <summary>The accessor Vault reports as wrapped_accessor: a wrapped token's, or a wrapped AppRole secret ID's.</summary>
    public static string? WrappedAccessor(VaultRequest request, VaultResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        if (response.Auth is { } auth)
        {
            return auth["accessor"]?.GetValue<string>();
        }

        return request.Mount?.Type == "approle" && response.Data?["secret_id_accessor"] is JsonValue accessor
            && accessor.TryGetValue<string>(out var text) ? text : null;
    }
}
