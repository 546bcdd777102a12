using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Auth.GitHub;

/// <summary>config: the required organization (its id resolved from GitHub when not given), base_url and token settings.</summary>
internal sealed class GitHubConfigPaths(GitHubApi api)
{
    private static readonly Field<string> Organization = Fields.String("organization", "The organization users must be part of.");
    private static readonly Field<long> OrganizationId = Fields.Int("organization_id", "The ID of the organization users must be part of; looked up from GitHub when absent.");
    private static readonly Field<string> BaseUrl = Fields.String("base_url", "The API endpoint to use, for GitHub Enterprise or an API-compatible server.");

    public PathSpec Spec => new("config")
    {
        Fields = [Organization, OrganizationId, BaseUrl, .. TokenParamFields.All],
        Handlers = { [Operation.Update] = WriteAsync, [Operation.Read] = ReadAsync },
        Synopsis = "Configure the GitHub organization, API endpoint and token settings.",
    };

    public static async Task<GitHubConfig?> LoadAsync(IStorage storage, CancellationToken cancellationToken) =>
        (await StoredJson.ReadAsync<GitHubConfig>(storage, GitHubStorageKeys.Config, cancellationToken).ConfigureAwait(false)).Value;

    private async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var input = context.Input;
        var current = await LoadAsync(context.Storage, cancellationToken).ConfigureAwait(false) ?? new GitHubConfig();
        var config = current with
        {
            Organization = input.Has(Organization) ? context.Get(Organization).Trim() : current.Organization,
            OrganizationId = context.GetOr(OrganizationId, current.OrganizationId),
            BaseUrl = input.Has(BaseUrl) ? NormalizeBaseUrl(context.Get(BaseUrl)) : current.BaseUrl,
            Token = TokenParamFields.Apply(current.Token, input),
        };
        if (config.Organization.Length == 0)
        {
            throw VaultException.InvalidRequest("organization is a required parameter");
        }

        if (config.OrganizationId < 0)
        {
            throw VaultException.InvalidRequest("organization_id cannot be negative");
        }

        if (config.OrganizationId == 0 || (input.Has(Organization) && !input.Has(OrganizationId) && config.Organization != current.Organization))
        {
            // A new organization name without an id must not keep the old organization's id.
            var org = await api.GetOrganizationAsync(config.ApiBase, config.Organization, cancellationToken).ConfigureAwait(false);
            config = config with { OrganizationId = org.Id > 0 ? org.Id : throw VaultException.InvalidRequest($"organization_id not found for {config.Organization}") };
        }

        await context.Storage.PutAsync(GitHubStorageKeys.Config, StoredJson.Serialize(config), PutCondition.None, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var config = await LoadAsync(context.Storage, cancellationToken).ConfigureAwait(false);
        if (config is null)
        {
            return null;
        }

        var data = new JsonObject
        {
            ["organization"] = config.Organization,
            ["organization_id"] = config.OrganizationId,
            ["base_url"] = config.BaseUrl,
        };
        TokenParamFields.Describe(config.Token, data);
        return VaultResponse.WithData(data);
    }

    private static string NormalizeBaseUrl(string text) =>
        text.Trim().Length == 0 ? "" : AuthHttp.ParseBaseUrl(text.Trim(), "base_url").ToString();
}
