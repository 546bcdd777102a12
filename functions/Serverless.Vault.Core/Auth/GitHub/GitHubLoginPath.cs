using Microsoft.Extensions.Logging;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.GitHub;

/// <summary>
/// login: proves a personal access token with GitHub, requires membership of the configured organization (by id) and
/// grants the config's token_policies plus the policies mapped to the user's teams in that organization and to the user.
/// </summary>
internal sealed partial class GitHubLoginPath(GitHubApi api, LoginTokens tokens, ILogger<GitHubLoginPath> logger)
{
    /// <summary>The key of the personal access token in the login token's internal data.</summary>
    private const string InternalToken = "token";

    private static readonly Field<string> Token = Fields.String("token", "GitHub personal access token.");

    public PathSpec Spec => new("login")
    {
        Fields = [Token],
        Unauthenticated = true,
        Handlers = { [Operation.Update] = LoginAsync },
        Renew = RenewAsync,
        Synopsis = "Log in with a GitHub personal access token.",
    };

    private async Task<VaultResponse?> LoginAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var token = context.Get(Token).Trim();
        if (token.Length == 0)
        {
            throw VaultException.InvalidRequest("missing token");
        }

        var verified = await VerifyAsync(context, token, cancellationToken).ConfigureAwait(false);
        var grant = new LoginGrant(verified.Config.Token)
        {
            ExtraPolicies = verified.Policies,
            DisplayName = "github-" + verified.Login,
            Metadata = new Dictionary<string, string> { ["username"] = verified.Login, ["org"] = verified.Organization },
            // As Vault: the personal access token is kept (behind the barrier) to ask GitHub again at renewal.
            InternalData = new Dictionary<string, string> { [InternalToken] = token },
        };
        var response = await tokens.IssueAsync(context, grant, cancellationToken).ConfigureAwait(false);
        return verified.Warnings.Count == 0 ? response : response with { Warnings = [.. response.Warnings, .. verified.Warnings] };
    }

    /// <summary>
    /// As Vault: GitHub is asked again with the login's personal access token. A user who left the organization, or
    /// whose teams and maps now give other policies, does not get the token renewed.
    /// </summary>
    private async Task RenewAsync(RequestContext context, Tokens.TokenEntry token, CancellationToken cancellationToken)
    {
        var pat = token.InternalData?.GetValueOrDefault(InternalToken)
            ?? throw VaultException.InvalidRequest("token created in previous version of Vault cannot be validated properly at renewal time");
        var verified = await VerifyAsync(context, pat, cancellationToken).ConfigureAwait(false);
        if (!LoginTokens.GrantsSamePolicies(verified.Config.Token, verified.Policies, token))
        {
            throw VaultException.InvalidRequest("policies do not match");
        }
    }

    /// <summary>The login check both login and renewal make: the user, membership of the organization, the mapped policies.</summary>
    private async Task<Verified> VerifyAsync(RequestContext context, string token, CancellationToken cancellationToken)
    {
        var config = await GitHubConfigPaths.LoadAsync(context.Storage, cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest("configuration has not been set");
        if (config.OrganizationId == 0)
        {
            throw VaultException.InvalidRequest("organization_id is not set: write the config again");
        }

        var apiBase = config.ApiBase;
        var user = await api.GetUserAsync(apiBase, token, cancellationToken).ConfigureAwait(false);
        var organizations = await api.ListOrganizationsAsync(apiBase, token, cancellationToken).ConfigureAwait(false);
        var org = organizations.FirstOrDefault(o => o.Id == config.OrganizationId);
        if (org is null || user.Login.Length == 0)
        {
            LogRefused(logger, user.Login, config.Organization);
            throw VaultException.InvalidRequest("user is not part of required org");
        }

        var warnings = new List<string>();
        if (!string.Equals(org.Login, config.Organization, StringComparison.Ordinal))
        {
            warnings.Add($"the organization name has changed to \"{org.Login}\". It is recommended to verify and update the organization name in the config: organization_id={config.OrganizationId}");
        }

        // Only teams of the required organization count; both the name and the slug may be mapped.
        var teams = await api.ListTeamsAsync(apiBase, token, cancellationToken).ConfigureAwait(false);
        var teamKeys = teams
            .Where(t => t.Organization?.Id == org.Id)
            .SelectMany(t => new[] { t.Name, t.Slug })
            .Where(k => k.Length > 0);
        IReadOnlyList<string> policies =
        [
            .. await GitHubMapPaths.PoliciesAsync(context.Storage, GitHubStorageKeys.TeamPrefix, teamKeys, cancellationToken).ConfigureAwait(false),
            .. await GitHubMapPaths.PoliciesAsync(context.Storage, GitHubStorageKeys.UserPrefix, [user.Login], cancellationToken).ConfigureAwait(false),
        ];
        return new Verified(config, user.Login, org.Login, policies, warnings);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "GitHub login of {Login} refused: not a member of {Organization}")]
    private static partial void LogRefused(ILogger logger, string login, string organization);

    private sealed record Verified(GitHubConfig Config, string Login, string Organization, IReadOnlyList<string> Policies, IReadOnlyList<string> Warnings);
}
