using System.Net;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Security;

namespace Serverless.Vault.Core.Auth.AppRole;

/// <summary>
/// role/:role_name/secret-id (generate, list accessors) and role/:role_name/custom-secret-id: issuing secret IDs.
/// </summary>
internal sealed class SecretIdPaths(AppRoleHandlers handlers, TimeProvider time)
{
    private static readonly Field<IReadOnlyList<string>> CidrList = Fields.StringList("cidr_list", "CIDR blocks logins with this secret ID must come from.");
    private static readonly Field<IReadOnlyList<string>> TokenBoundCidrs = Fields.StringList("token_bound_cidrs", "CIDR blocks the tokens of this secret ID may be used from.");
    private static readonly Field<TimeSpan> Ttl = Fields.Duration("ttl", "Life of this secret ID; at most the role's secret_id_ttl.");
    private static readonly Field<long> NumUses = Fields.Int("num_uses", "Logins this secret ID allows; at most the role's secret_id_num_uses.");

    private static readonly IReadOnlyList<Field> IssueFields = [AppRoleFields.RoleName, SecretIdMetadata.Field, CidrList, TokenBoundCidrs, Ttl, NumUses];

    public IEnumerable<PathSpec> Specs =>
    [
        new("role/{role_name}/secret-id")
        {
            Fields = IssueFields,
            Handlers = { [Operation.Update] = GenerateAsync, [Operation.List] = ListAsync },
            Synopsis = "Generate a SecretID against this role, or list the accessors of its SecretIDs.",
        },
        new("role/{role_name}/custom-secret-id")
        {
            Fields = [.. IssueFields, AppRoleFields.SecretId],
            Handlers = { [Operation.Update] = CustomAsync },
            Synopsis = "Assign a SecretID of choice against the role.",
        },
    ];

    private Task<VaultResponse?> GenerateAsync(RequestContext context, CancellationToken cancellationToken) =>
        IssueAsync(context, RandomIds.Uuid(), cancellationToken);

    private Task<VaultResponse?> CustomAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var secretId = context.Get(AppRoleFields.SecretId).Trim();
        return secretId.Length == 0 ? throw VaultException.InvalidRequest("missing secret_id") : IssueAsync(context, secretId, cancellationToken);
    }

    private async Task<VaultResponse?> IssueAsync(RequestContext context, string secretId, CancellationToken cancellationToken)
    {
        var store = await handlers.StoreAsync(context, cancellationToken).ConfigureAwait(false);
        var name = context.Get(AppRoleFields.RoleName);
        var (role, _) = await store.ReadRoleAsync(name, cancellationToken).ConfigureAwait(false);
        if (role is null)
        {
            return new VaultResponse { Errors = [$"role \"{name}\" does not exist"], StatusCode = (int)HttpStatusCode.NotFound };
        }

        if (!role.BindSecretId)
        {
            throw VaultException.InvalidRequest("bind_secret_id is not set on the role");
        }

        var input = context.Input;
        var cidrs = Cidrs(input, CidrList, role.SecretIdBoundCidrs, "secret_id_bound_cidrs");
        var tokenCidrs = Cidrs(input, TokenBoundCidrs, role.Token.BoundCidrs, "token_bound_cidrs");
        var numUses = role.SecretIdNumUses;
        if (input.Has(NumUses))
        {
            numUses = context.Get(NumUses);
            if (numUses < 0)
            {
                throw VaultException.InvalidRequest("num_uses cannot be negative");
            }

            if ((numUses == 0 && role.SecretIdNumUses > 0) || (role.SecretIdNumUses > 0 && numUses > role.SecretIdNumUses))
            {
                throw VaultException.InvalidRequest("num_uses cannot be higher than the role's secret_id_num_uses");
            }
        }

        var ttl = role.SecretIdTtl;
        if (input.Has(Ttl))
        {
            ttl = (long)context.Get(Ttl).TotalSeconds;
            if (ttl < 0 || (ttl == 0 && role.SecretIdTtl > 0) || (role.SecretIdTtl > 0 && ttl > role.SecretIdTtl))
            {
                throw VaultException.InvalidRequest("ttl cannot be longer than the role's secret_id_ttl");
            }
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var entry = new AppRoleSecretId
        {
            Accessor = RandomIds.Uuid(),
            NumUses = numUses,
            Ttl = ttl,
            CidrList = cidrs,
            TokenBoundCidrs = tokenCidrs,
            Metadata = SecretIdMetadata.Parse(input),
            CreationTime = now,
            ExpirationTime = ttl > 0 ? now + ttl : 0,
            LastUpdatedTime = now,
        };
        if (!await store.CreateSecretIdAsync(role, store.Hmac(secretId), entry, cancellationToken).ConfigureAwait(false))
        {
            throw VaultException.InvalidRequest("SecretID is already registered");
        }

        return VaultResponse.WithData(new JsonObject
        {
            ["secret_id"] = secretId,
            ["secret_id_accessor"] = entry.Accessor,
            ["secret_id_ttl"] = entry.Ttl,
            ["secret_id_num_uses"] = entry.NumUses,
        });
    }

    /// <summary>A secret ID's CIDR list: valid blocks, each inside one of the role's (if the role has any).</summary>
    private static IReadOnlyList<string> Cidrs(FieldData input, Field<IReadOnlyList<string>> field, IReadOnlyList<string> roleBlocks, string roleField)
    {
        if (!input.Has(field))
        {
            return [];
        }

        var blocks = CidrBlocks.Parse(input.Get(field));
        foreach (var block in blocks)
        {
            if (roleBlocks.Count > 0 && !roleBlocks.Any(outer => Within(block, outer)))
            {
                throw VaultException.InvalidRequest($"failed to verify the CIDR restrictions set on the secret ID: CIDR block \"{block}\" is not a subset of the role's {roleField}");
            }
        }

        return blocks;
    }

    private static bool Within(string inner, string outer) =>
        IPNetwork.TryParse(inner, out var a) && IPNetwork.TryParse(outer, out var b)
        && a.BaseAddress.AddressFamily == b.BaseAddress.AddressFamily && a.PrefixLength >= b.PrefixLength && b.Contains(a.BaseAddress);

    private async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var store = await handlers.StoreAsync(context, cancellationToken).ConfigureAwait(false);
        var role = await AppRoleHandlers.RequireRoleAsync(store, context, cancellationToken).ConfigureAwait(false);
        var accessors = new List<string>();
        foreach (var hmac in await store.ListSecretIdHmacsAsync(role, cancellationToken).ConfigureAwait(false))
        {
            var (entry, _) = await store.ReadSecretIdAsync(role, hmac, cancellationToken).ConfigureAwait(false);
            if (entry is not null)
            {
                accessors.Add(entry.Accessor);
            }
        }

        return accessors.Count == 0 ? null : VaultResponse.WithData(new JsonObject { ["keys"] = new JsonArray([.. accessors.Order(StringComparer.Ordinal).Select(a => (JsonNode)a)]) });
    }
}
