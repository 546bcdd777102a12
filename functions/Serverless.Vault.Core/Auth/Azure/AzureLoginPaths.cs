using System.Text.Json.Nodes;
using Serverless.Vault.Core.Auth.Jwt;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Auth.Azure;

/// <summary>login: a role and a managed identity access token; a verified token that satisfies the role gets a Vault token.</summary>
internal sealed class AzureLoginPaths(JwtKeyCache cache, JwtTokenValidator validator, LoginTokens tokens)
{
    // Azure's tokens are checked with one minute of clock skew and no further leeway on exp/nbf.
    private const long ClockSkew = 60;
    private const long NoLeeway = -1;

    private static readonly Field<string> Role = Fields.String("role", "The role to log in against.");
    private static readonly Field<string> Jwt = Fields.String("jwt", "The managed identity's access token.");
    private static readonly Field<string> SubscriptionId = Fields.String("subscription_id", "The subscription of the resource logging in.");
    private static readonly Field<string> ResourceGroupName = Fields.String("resource_group_name", "The resource group of the resource logging in.");
    private static readonly Field<string> VmName = Fields.String("vm_name", "The virtual machine logging in.");
    private static readonly Field<string> VmssName = Fields.String("vmss_name", "The virtual machine scale set logging in.");
    private static readonly Field<string> ResourceId = Fields.String("resource_id", "The full id of the resource logging in.");

    public PathSpec Spec => new("login")
    {
        Fields = [Role, Jwt, SubscriptionId, ResourceGroupName, VmName, VmssName, ResourceId],
        Unauthenticated = true,
        Handlers = { [Operation.Update] = LoginAsync },
        Renew = RenewAsync,
        Synopsis = "Authenticates with an Azure managed identity access token.",
    };

    /// <summary>As Vault's azure method: no renewal once the role is gone or its policies are not the token's.</summary>
    private static async Task RenewAsync(RequestContext context, TokenEntry token, CancellationToken cancellationToken)
    {
        var name = token.Meta?.GetValueOrDefault("role") ?? "";
        var role = name.Length == 0 ? null : await AzureStore.RoleAsync(context.Storage, name, cancellationToken).ConfigureAwait(false);
        if (role is null)
        {
            throw VaultException.InvalidRequest($"role '{name}' no longer exists");
        }

        if (!TokenPolicies.Equivalent(role.Token.Policies, token.Policies))
        {
            throw VaultException.InvalidRequest($"policies on role '{name}' have changed, cannot renew");
        }
    }

    private async Task<VaultResponse?> LoginAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var roleName = context.Get(Role).ToLowerInvariant();
        if (roleName.Length == 0)
        {
            throw VaultException.InvalidRequest("role is required");
        }

        var token = context.Get(Jwt);
        if (token.Length == 0)
        {
            throw VaultException.InvalidRequest("jwt is required");
        }

        var request = new AzureLoginResource(
            context.Get(SubscriptionId), context.Get(ResourceGroupName), context.Get(VmName), context.Get(VmssName), context.Get(ResourceId));
        if (request.VmName.Length > 0 && request.VmssName.Length > 0)
        {
            throw VaultException.InvalidRequest("only one of vm_name or vmss_name may be set");
        }

        var config = await AzureStore.RequiredConfigAsync(context.Storage, cancellationToken).ConfigureAwait(false);
        var role = await AzureStore.RoleAsync(context.Storage, roleName, cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest($"invalid role name \"{roleName}\"");

        var jwtConfig = config.ToJwtConfig();
        var expected = new JwtTokenValidator.Expected([config.Resource], "", ClockSkew, NoLeeway, NoLeeway);
        var claims = await validator.ValidateAsync(token, jwtConfig, cache.For(jwtConfig), expected, cancellationToken).ConfigureAwait(false);

        var objectId = JwtClaims.AsText(JwtClaims.Get(claims, "oid"));
        if (string.IsNullOrEmpty(objectId))
        {
            throw VaultException.InvalidRequest("unable to determine the identity: the token has no oid claim");
        }

        var groups = JwtClaims.Get(claims, "groups") is { } node ? JwtClaims.AsTextList(node) ?? [] : [];
        AzureBindings.CheckIdentity(role, objectId, groups);
        AzureBindings.CheckResource(role, ResourceOf(claims), request);

        return await tokens.IssueAsync(context, Grant(roleName, role, objectId, request), cancellationToken).ConfigureAwait(false);
    }

    private static AzureResourceId? ResourceOf(JsonObject claims)
    {
        if (JwtClaims.Get(claims, "xms_mirid") is not { } node)
        {
            return null;
        }

        return AzureResourceId.TryParse(JwtClaims.AsText(node) ?? "")
            ?? throw VaultException.InvalidRequest("the token's xms_mirid claim is not an Azure resource id");
    }

    private static LoginGrant Grant(string roleName, AzureRole role, string objectId, AzureLoginResource request)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["role"] = roleName };
        Add(metadata, "subscription_id", request.SubscriptionId);
        Add(metadata, "resource_group_name", request.ResourceGroupName);
        Add(metadata, "vm_name", request.VmName);
        Add(metadata, "vmss_name", request.VmssName);
        Add(metadata, "resource_id", request.ResourceId);
        return new LoginGrant(role.Token) { DisplayName = $"azure-{objectId}", Metadata = metadata };
    }

    private static void Add(Dictionary<string, string> metadata, string key, string value)
    {
        if (value.Length > 0)
        {
            metadata[key] = value;
        }
    }
}
