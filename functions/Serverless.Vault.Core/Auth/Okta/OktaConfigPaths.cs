using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Auth.Okta;

/// <summary>config: the Okta organization, API token (write-only), MFA bypass and token settings.</summary>
internal static partial class OktaConfigPaths
{
    private static readonly Field<string> OrgName = Fields.String("org_name", "Name of the organization to be used in the Okta API.");
    private static readonly Field<string> LegacyOrganization = Fields.String("organization", "Deprecated: use org_name.");
    private static readonly Field<string> BaseUrl = Fields.String("base_url", "The Okta domain (default okta.com), or a full API root URL.");
    private static readonly Field<string> ApiToken = Fields.String("api_token", "Okta API token, used to look up a user's groups.");
    private static readonly Field<string> LegacyToken = Fields.String("token", "Deprecated: use api_token.");
    private static readonly Field<bool> BypassOktaMfa = Fields.Bool("bypass_okta_mfa", "Accept logins that Okta answers with MFA_REQUIRED without doing MFA.");

    public static PathSpec Spec => new("config")
    {
        Fields = [OrgName, LegacyOrganization, BaseUrl, ApiToken, LegacyToken, BypassOktaMfa, .. TokenParamFields.All],
        Handlers = { [Operation.Update] = WriteAsync, [Operation.Read] = ReadAsync },
        Synopsis = "Configure the Okta organization, API token, MFA handling and token settings.",
    };

    public static async Task<OktaConfig?> LoadAsync(IStorage storage, CancellationToken cancellationToken) =>
        (await StoredJson.ReadAsync<OktaConfig>(storage, OktaStorageKeys.Config, cancellationToken).ConfigureAwait(false)).Value;

    private static async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var input = context.Input;
        var current = await LoadAsync(context.Storage, cancellationToken).ConfigureAwait(false) ?? new OktaConfig();
        var config = current with
        {
            OrgName = input.Has(OrgName) ? context.Get(OrgName).Trim() : input.Has(LegacyOrganization) ? context.Get(LegacyOrganization).Trim() : current.OrgName,
            BaseUrl = input.Has(BaseUrl) ? context.Get(BaseUrl).Trim() : current.BaseUrl,
            ApiToken = input.Has(ApiToken) ? context.Get(ApiToken).Trim() : input.Has(LegacyToken) ? context.Get(LegacyToken).Trim() : current.ApiToken,
            BypassOktaMfa = context.GetOr(BypassOktaMfa, current.BypassOktaMfa),
            Token = TokenParamFields.Apply(current.Token, input),
        };
        if (config.OrgName.Length == 0 && !config.HasFullBaseUrl)
        {
            throw VaultException.InvalidRequest("org_name is missing");
        }

        if (config.HasFullBaseUrl)
        {
            _ = AuthHttp.ParseBaseUrl(config.BaseUrl, "base_url");
        }
        else if (!HostLabel().IsMatch(config.OrgName) || (config.BaseUrl.Length > 0 && !Domain().IsMatch(config.BaseUrl)))
        {
            // Both end up in the host name the password is sent to: nothing but host-name characters may pass.
            throw VaultException.InvalidRequest("org_name must be an Okta organization name and base_url a domain such as okta.com, or a full http(s) URL");
        }

        await context.Storage.PutAsync(OktaStorageKeys.Config, StoredJson.Serialize(config), PutCondition.None, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var config = await LoadAsync(context.Storage, cancellationToken).ConfigureAwait(false);
        if (config is null)
        {
            return null;
        }

        // The API token is a credential: a read says whether one is set, never what it is.
        var data = new JsonObject
        {
            ["org_name"] = config.OrgName,
            ["organization"] = config.OrgName,
            ["base_url"] = config.BaseUrl,
            ["bypass_okta_mfa"] = config.BypassOktaMfa,
        };
        TokenParamFields.Describe(config.Token, data);
        return VaultResponse.WithData(data);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]*$")]
    private static partial Regex HostLabel();

    [GeneratedRegex("^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$")]
    private static partial Regex Domain();
}
