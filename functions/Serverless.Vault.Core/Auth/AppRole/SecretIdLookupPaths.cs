using System.Net;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.AppRole;

/// <summary>
/// role/:role_name/secret-id/{lookup,destroy} and role/:role_name/secret-id-accessor/{lookup,destroy}: always
/// within the named role, so a secret ID or accessor of another role is not found (CVE-2023-24999).
/// </summary>
internal sealed class SecretIdLookupPaths(AppRoleHandlers handlers, TimeProvider time)
{
    public IEnumerable<PathSpec> Specs =>
    [
        new("role/{role_name}/secret-id/lookup")
        {
            Fields = [AppRoleFields.RoleName, AppRoleFields.SecretId],
            Handlers = { [Operation.Update] = LookupAsync },
            Synopsis = "Read the properties of an issued secret_id.",
        },
        new("role/{role_name}/secret-id/destroy")
        {
            Fields = [AppRoleFields.RoleName, AppRoleFields.SecretId],
            Handlers = { [Operation.Update] = DestroyAsync, [Operation.Delete] = DestroyAsync },
            Synopsis = "Invalidate an issued secret_id.",
        },
        new("role/{role_name}/secret-id-accessor/lookup")
        {
            Fields = [AppRoleFields.RoleName, AppRoleFields.SecretIdAccessor],
            Handlers = { [Operation.Update] = LookupByAccessorAsync },
            Synopsis = "Read an issued secret_id, using its accessor.",
        },
        new("role/{role_name}/secret-id-accessor/destroy")
        {
            Fields = [AppRoleFields.RoleName, AppRoleFields.SecretIdAccessor],
            Handlers = { [Operation.Update] = DestroyByAccessorAsync, [Operation.Delete] = DestroyByAccessorAsync },
            Synopsis = "Delete an issued secret_id, using its accessor.",
        },
    ];

    private async Task<VaultResponse?> LookupAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var (store, role) = await OpenAsync(context, cancellationToken).ConfigureAwait(false);
        var (entry, _) = await store.ReadSecretIdAsync(role, store.Hmac(RequireSecretId(context)), cancellationToken).ConfigureAwait(false);
        return entry is null || entry.IsExpired(Now) ? null : VaultResponse.WithData(Describe(entry));
    }

    private async Task<VaultResponse?> DestroyAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var (store, role) = await OpenAsync(context, cancellationToken).ConfigureAwait(false);
        var hmac = store.Hmac(RequireSecretId(context));
        var (entry, _) = await store.ReadSecretIdAsync(role, hmac, cancellationToken).ConfigureAwait(false);
        if (entry is not null)
        {
            await store.DeleteSecretIdAsync(role, hmac, entry.Accessor, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<VaultResponse?> LookupByAccessorAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var (store, role) = await OpenAsync(context, cancellationToken).ConfigureAwait(false);
        var accessor = RequireAccessor(context);
        var hmac = await store.SecretIdHmacOfAccessorAsync(role, accessor, cancellationToken).ConfigureAwait(false);
        var (entry, _) = hmac is null ? (null, null) : await store.ReadSecretIdAsync(role, hmac, cancellationToken).ConfigureAwait(false);
        return entry is null || entry.IsExpired(Now) ? AccessorNotFound(accessor) : VaultResponse.WithData(Describe(entry));
    }

    private async Task<VaultResponse?> DestroyByAccessorAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var (store, role) = await OpenAsync(context, cancellationToken).ConfigureAwait(false);
        var accessor = RequireAccessor(context);
        var hmac = await store.SecretIdHmacOfAccessorAsync(role, accessor, cancellationToken).ConfigureAwait(false);
        if (hmac is null)
        {
            return AccessorNotFound(accessor);
        }

        await store.DeleteSecretIdAsync(role, hmac, accessor, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private long Now => time.GetUtcNow().ToUnixTimeSeconds();

    private async Task<(AppRoleStore Store, AppRoleRole Role)> OpenAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var store = await handlers.StoreAsync(context, cancellationToken).ConfigureAwait(false);
        return (store, await AppRoleHandlers.RequireRoleAsync(store, context, cancellationToken).ConfigureAwait(false));
    }

    private static string RequireSecretId(RequestContext context)
    {
        var secretId = context.Get(AppRoleFields.SecretId).Trim();
        return secretId.Length == 0 ? throw VaultException.InvalidRequest("missing secret_id") : secretId;
    }

    private static string RequireAccessor(RequestContext context)
    {
        var accessor = context.Get(AppRoleFields.SecretIdAccessor).Trim();
        return accessor.Length == 0 ? throw VaultException.InvalidRequest("missing secret_id_accessor") : accessor;
    }

    private static VaultResponse AccessorNotFound(string accessor) =>
        new() { Errors = [$"failed to find accessor entry for secret_id_accessor: \"{accessor}\""], StatusCode = (int)HttpStatusCode.NotFound };

    private static JsonObject Describe(AppRoleSecretId entry) => new()
    {
        ["secret_id_accessor"] = entry.Accessor,
        ["secret_id_num_uses"] = entry.NumUses,
        ["secret_id_ttl"] = entry.Ttl,
        ["cidr_list"] = new JsonArray([.. entry.CidrList.Select(c => (JsonNode)c)]),
        ["token_bound_cidrs"] = new JsonArray([.. entry.TokenBoundCidrs.Select(c => (JsonNode)c)]),
        ["metadata"] = new JsonObject([.. entry.Metadata.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
        ["creation_time"] = Time(entry.CreationTime),
        ["expiration_time"] = Time(entry.ExpirationTime),
        ["last_updated_time"] = Time(entry.LastUpdatedTime),
    };

    /// <summary>RFC 3339, as Vault writes Go times; 0 is Go's zero time, what Vault shows for "never expires".</summary>
    private static string Time(long unixSeconds) => unixSeconds == 0
        ? "0001-01-01T00:00:00Z"
        : DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", global::System.Globalization.CultureInfo.InvariantCulture);
}
