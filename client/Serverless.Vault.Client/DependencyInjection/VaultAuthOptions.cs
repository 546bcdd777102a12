namespace Serverless.Vault.Client.DependencyInjection;

/// <summary>
/// How the client registered by <c>AddVault</c> logs in, bound from the <c>Auth</c> section under the vault's section.
/// <see cref="Method"/> picks the auth method; each method reads only its own fields, checked at start-up.
/// </summary>
public sealed class VaultAuthOptions
{
    /// <summary>The configuration section, under the vault's own section, these options are bound from.</summary>
    public const string SectionName = "Auth";

    /// <summary><c>token</c>, <c>approle</c>, <c>userpass</c>, <c>jwt</c> or <c>azure</c>; <c>token</c> when only a token is set.</summary>
    public string? Method { get; set; }

    /// <summary>Where the method is enabled; the method's name when not set.</summary>
    public string? Mount { get; set; }

    /// <summary>token: the token (<c>VAULT_TOKEN</c> when not set).</summary>
    public string? Token { get; set; }

    /// <summary>approle: the role ID.</summary>
    public string? RoleId { get; set; }

    /// <summary>approle: the secret ID; not set for a role with <c>bind_secret_id=false</c>.</summary>
    public string? SecretId { get; set; }

    /// <summary>userpass: the user name.</summary>
    public string? Username { get; set; }

    /// <summary>userpass: the password.</summary>
    public string? Password { get; set; }

    /// <summary>jwt and azure: the vault role to log in against.</summary>
    public string? Role { get; set; }

    /// <summary>jwt: the JWT itself (for a long-lived one); prefer <see cref="JwtFile"/>.</summary>
    public string? Jwt { get; set; }

    /// <summary>jwt: a file holding the JWT, read at every login (a projected service-account token).</summary>
    public string? JwtFile { get; set; }

    /// <summary>azure: the audience of the access token, the vault's Azure config <c>resource</c>.</summary>
    public string? Resource { get; set; }

    /// <summary>azure: the client ID of a user-assigned managed identity; the system-assigned one when not set.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>azure: sent as <c>subscription_id</c>.</summary>
    public string? SubscriptionId { get; set; }

    /// <summary>azure: sent as <c>resource_group_name</c>.</summary>
    public string? ResourceGroupName { get; set; }

    /// <summary>azure: sent as <c>vm_name</c>.</summary>
    public string? VmName { get; set; }

    /// <summary>azure: sent as <c>vmss_name</c>.</summary>
    public string? VmssName { get; set; }

    /// <summary>azure: sent as <c>resource_id</c>.</summary>
    public string? ResourceId { get; set; }

    /// <summary>Names the method and mount only: the fields hold credentials.</summary>
    public override string ToString() => $"VaultAuthOptions {{ Method = {Method}, Mount = {Mount} }}";
}
