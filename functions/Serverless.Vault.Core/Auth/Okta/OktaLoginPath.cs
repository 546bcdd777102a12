using Microsoft.Extensions.Logging;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Okta;

/// <summary>
/// login/:username: checks the password with Okta's Authentication API, completes TOTP MFA when Okta asks for it, and
/// grants the config's token_policies, the user's own policies and those of the user's Okta and local groups.
/// </summary>
internal sealed partial class OktaLoginPath(OktaApi api, LoginTokens tokens, ILogger<OktaLoginPath> logger)
{
    private const string Refused = "okta authentication failed";
    private const string TotpFactor = "token:software:totp";

    /// <summary>The key of the password in the login token's internal data.</summary>
    private const string InternalPassword = "password";
    private static readonly string[] TotpProviders = ["OKTA", "GOOGLE"];

    private static readonly Field<string> Username = Fields.String("username", "Username to be used for login.");
    private static readonly Field<string> Password = Fields.String("password", "Password for this user.");
    private static readonly Field<string> Totp = Fields.String("totp", "TOTP passcode, when Okta requires MFA.");

    public PathSpec Spec => new("login/{username}")
    {
        Fields = [Username, Password, Totp],
        Unauthenticated = true,
        Handlers = { [Operation.Update] = LoginAsync },
        Renew = RenewAsync,
        Synopsis = "Log in with an Okta username and password.",
    };

    private async Task<VaultResponse?> LoginAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var username = context.Get(Username);
        var password = context.Get(Password);
        if (password.Length == 0)
        {
            throw VaultException.InvalidRequest("password cannot be empty");
        }

        var verified = await VerifyAsync(context, username, password, context.Get(Totp), cancellationToken).ConfigureAwait(false);
        var grant = new LoginGrant(verified.Config.Token)
        {
            ExtraPolicies = verified.Policies,
            DisplayName = "okta-" + username,
            Metadata = new Dictionary<string, string> { ["username"] = username },
            // As Vault: the password is kept (behind the barrier) to log in to Okta again at renewal.
            InternalData = new Dictionary<string, string> { [InternalPassword] = password },
        };
        var response = await tokens.IssueAsync(context, grant, cancellationToken).ConfigureAwait(false);
        return verified.Warnings.Count == 0 ? response : response with { Warnings = [.. response.Warnings, .. verified.Warnings] };
    }

    /// <summary>
    /// As Vault: the login is made again with the kept password and no passcode (a user whom Okta asks for a TOTP
    /// passcode cannot renew). A user Okta refuses now, or whose groups and mappings give other policies, does not get
    /// the token renewed.
    /// </summary>
    private async Task RenewAsync(RequestContext context, Tokens.TokenEntry token, CancellationToken cancellationToken)
    {
        var username = token.Meta?.GetValueOrDefault("username");
        var password = token.InternalData?.GetValueOrDefault(InternalPassword);
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            throw VaultException.InvalidRequest("token created in previous version of Vault cannot be validated properly at renewal time");
        }

        var verified = await VerifyAsync(context, username, password, "", cancellationToken).ConfigureAwait(false);
        if (!LoginTokens.GrantsSamePolicies(verified.Config.Token, verified.Policies, token))
        {
            throw VaultException.InvalidRequest("policies have changed, not renewing");
        }
    }

    /// <summary>The check login and renewal both make: the password (and passcode) with Okta, then the groups' and user's policies.</summary>
    private async Task<Verified> VerifyAsync(RequestContext context, string username, string password, string totp, CancellationToken cancellationToken)
    {
        var config = await OktaConfigPaths.LoadAsync(context.Storage, cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest("Okta auth method not configured");
        var apiBase = config.ApiBase;
        var warnings = new List<string>();
        var result = await api.AuthenticateAsync(apiBase, username, password, cancellationToken).ConfigureAwait(false);
        switch (result.Status)
        {
            case "SUCCESS":
                break;
            case "PASSWORD_WARN":
                warnings.Add("Your Okta password is in warning state and needs to be changed soon.");
                break;
            case "MFA_ENROLL" or "MFA_ENROLL_ACTIVATE" when !config.BypassOktaMfa:
                throw Refuse(username, result.Status, "okta authentication failed: you must complete MFA enrollment to continue");
            case "MFA_ENROLL" or "MFA_ENROLL_ACTIVATE" or "MFA_REQUIRED" when config.BypassOktaMfa:
                // The password was right and the user is not locked out; the operator chose to skip Okta's MFA.
                break;
            case "MFA_REQUIRED":
                result = await VerifyTotpAsync(apiBase, username, result, totp, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw Refuse(username, result.Status, Refused);
        }

        var userId = result.Embedded?.User?.Id;
        var groups = new List<string>();
        if (config.ApiToken.Length > 0)
        {
            if (string.IsNullOrEmpty(userId))
            {
                throw Refuse(username, "no user id", Refused);
            }

            groups.AddRange(await api.ListGroupsAsync(apiBase, config.ApiToken, userId, cancellationToken).ConfigureAwait(false));
            if (groups.Count == 0)
            {
                warnings.Add("no Okta groups found; only policies from locally-defined groups available");
            }
        }

        var user = await OktaMappingPaths.GetUserAsync(context.Storage, username, cancellationToken).ConfigureAwait(false);
        groups.AddRange(user?.Groups ?? []);
        IReadOnlyList<string> policies =
        [
            .. await OktaMappingPaths.GroupPoliciesAsync(context.Storage, groups, cancellationToken).ConfigureAwait(false),
            .. user?.Policies ?? [],
        ];
        return new Verified(config, policies, warnings);
    }

    /// <summary>Verifies a TOTP factor (Okta Verify or Google Authenticator) with the passcode; push is not supported.</summary>
    private async Task<OktaAuthnResult> VerifyTotpAsync(Uri apiBase, string username, OktaAuthnResult challenge, string passCode, CancellationToken cancellationToken)
    {
        var factor = challenge.Embedded?.Factors.FirstOrDefault(f => f.FactorType == TotpFactor && TotpProviders.Contains(f.Provider, StringComparer.Ordinal));
        if (factor is null)
        {
            throw Refuse(username, "no TOTP factor", "Okta Verify Push or TOTP or Google TOTP factor is required in order to perform MFA");
        }

        if (passCode.Length == 0)
        {
            throw Refuse(username, "MFA_REQUIRED", "'totp' passcode parameter is required to perform MFA");
        }

        // The verify link comes from Okta's answer; it must stay on the configured Okta, where the passcode belongs.
        var verify = factor.Links?.Verify?.Href is { } href && Uri.TryCreate(href, UriKind.Absolute, out var link)
            && Uri.Compare(link, apiBase, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
                ? link
                : new Uri(apiBase, $"api/v1/authn/factors/{Uri.EscapeDataString(factor.Id)}/verify");
        var result = await api.VerifyFactorAsync(verify, challenge.StateToken ?? "", passCode, cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            "SUCCESS" => result with { Embedded = result.Embedded?.User is null ? challenge.Embedded : result.Embedded },
            "MFA_CHALLENGE" when result.FactorResult == "REJECTED" => throw Refuse(username, "REJECTED", "multi-factor authentication denied"),
            "MFA_CHALLENGE" when result.FactorResult == "TIMEOUT" => throw Refuse(username, "TIMEOUT", "failed to complete multi-factor authentication"),
            _ => throw Refuse(username, result.Status, Refused),
        };
    }

    private VaultException Refuse(string username, string status, string message)
    {
        LogRefused(logger, username, status);
        return VaultException.InvalidRequest(message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Okta login of {Username} refused ({Status})")]
    private static partial void LogRefused(ILogger logger, string username, string status);

    private sealed record Verified(OktaConfig Config, IReadOnlyList<string> Policies, IReadOnlyList<string> Warnings);
}
