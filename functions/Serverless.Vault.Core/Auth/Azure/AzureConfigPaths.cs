using System.Text.Json.Nodes;
using Serverless.Vault.Core.Auth.Jwt;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Auth.Azure;

/// <summary>
/// config: the tenant, the resource (the audience tokens must carry) and the cloud. client_id/client_secret are
/// accepted for compatibility with Vault but unused: this server never calls Azure's compute API.
/// </summary>
internal sealed class AzureConfigPaths(JwtKeyCache cache)
{
    private static readonly Field<string> TenantId = Fields.String("tenant_id", "The Entra ID tenant tokens are issued by.");
    private static readonly Field<string> Resource = Fields.String("resource", "The audience (aud) the access tokens must carry.");
    private static readonly Field<string> Environment = Fields.String("environment", "The Azure cloud (AzurePublicCloud by default).", AzureEnvironments.Default);
    private static readonly Field<string> ClientId = Fields.String("client_id", "Accepted for compatibility; unused.");
    private static readonly Field<string> ClientSecret = Fields.String("client_secret", "Accepted for compatibility; never returned, unused.");
    private static readonly Field<string> Issuer = Fields.String("issuer", "Override of the iss tokens must carry (default https://sts.windows.net/<tenant_id>/).");
    private static readonly Field<string> MetadataUrl = Fields.String("metadata_url",
        "Override of the OpenID metadata URL the signing keys are found through (default: the tenant's v2.0 metadata); must end in /.well-known/openid-configuration.");

    public PathSpec Spec => new("config")
    {
        Fields = [TenantId, Resource, Environment, ClientId, ClientSecret, Issuer, MetadataUrl],
        Handlers = { [Operation.Update] = WriteAsync, [Operation.Read] = ReadAsync, [Operation.Delete] = DeleteAsync },
        Synopsis = "Configure the tenant and resource Azure access tokens are checked against.",
    };

    private async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var current = await AzureStore.ConfigAsync(context.Storage, cancellationToken).ConfigureAwait(false) ?? new AzureConfig();
        var config = current with
        {
            TenantId = context.GetOr(TenantId, current.TenantId),
            Resource = context.GetOr(Resource, current.Resource),
            Environment = context.GetOr(Environment, current.Environment),
            ClientId = context.GetOr(ClientId, current.ClientId),
            ClientSecret = context.GetOr(ClientSecret, current.ClientSecret),
            Issuer = context.GetOr(Issuer, current.Issuer),
            MetadataUrl = context.GetOr(MetadataUrl, current.MetadataUrl),
        };
        Validate(config);
        await context.Storage.PutAsync(AzureStore.ConfigKey, StoredJson.Serialize(config), PutCondition.None, cancellationToken).ConfigureAwait(false);
        cache.Drop();
        return null;
    }

    private static async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var config = await AzureStore.ConfigAsync(context.Storage, cancellationToken).ConfigureAwait(false);
        return config is null ? null : VaultResponse.WithData(new JsonObject
        {
            ["tenant_id"] = config.TenantId,
            ["resource"] = config.Resource,
            ["environment"] = config.Environment,
            ["client_id"] = config.ClientId,
            ["issuer"] = config.Issuer,
            ["metadata_url"] = config.MetadataUrl,
        });
    }

    private async Task<VaultResponse?> DeleteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        await context.Storage.DeleteAsync(AzureStore.ConfigKey, cancellationToken).ConfigureAwait(false);
        cache.Drop();
        return null;
    }

    private static void Validate(AzureConfig config)
    {
        if (config.TenantId.Length == 0)
        {
            throw VaultException.InvalidRequest("tenant_id is required");
        }

        if (config.Resource.Length == 0)
        {
            throw VaultException.InvalidRequest("resource is required");
        }

        if (!AzureEnvironments.IsKnown(config.Environment))
        {
            throw VaultException.InvalidRequest(
                $"invalid environment \"{config.Environment}\": must be one of AzurePublicCloud, AzureUSGovernmentCloud, AzureChinaCloud, AzureGermanCloud");
        }

        if (config.MetadataUrl.Length > 0
            && (!config.MetadataUrl.EndsWith(AzureConfig.WellKnownSuffix, StringComparison.Ordinal)
                || !Uri.TryCreate(config.MetadataUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            throw VaultException.InvalidRequest($"metadata_url must be an http(s) URL ending in {AzureConfig.WellKnownSuffix}");
        }
    }
}
