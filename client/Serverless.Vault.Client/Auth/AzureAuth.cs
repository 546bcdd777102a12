using Azure.Core;
using Azure.Identity;

namespace Serverless.Vault.Client.Auth;

/// <summary>
/// Azure login: <c>auth/&lt;mount&gt;/login</c> with a role and an Entra ID access token for <see cref="Resource"/>,
/// taken from a <see cref="TokenCredential"/> (by default the managed identity) at each login. The optional resource
/// fields are sent when set; the vault uses them to check the role's bound subscriptions, groups and scale sets.
/// </summary>
public sealed class AzureAuth : IVaultAuthMethod
{
    /// <summary>The resource Vault's Azure method is configured with by default.</summary>
    public const string DefaultResource = "https://management.azure.com/";

    private readonly string _role;
    private readonly TokenCredential _credential;
    private readonly string _mount;

    /// <param name="role">The vault role to log in against.</param>
    /// <param name="credential">Where the access token comes from; null for <see cref="ManagedIdentityCredential"/>.</param>
    /// <param name="resource">The audience the vault expects: its Azure config's <c>resource</c>.</param>
    /// <param name="mount">Where the Azure method is enabled.</param>
    public AzureAuth(string role, TokenCredential? credential = null, string resource = DefaultResource, string mount = "azure")
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        ArgumentException.ThrowIfNullOrEmpty(resource);
        _role = role;
        _credential = credential ?? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
        Resource = resource;
        _mount = VaultLogin.Mount(mount, "azure");
    }

    public string Resource { get; }

    public string? SubscriptionId { get; init; }

    public string? ResourceGroupName { get; init; }

    public string? VmName { get; init; }

    public string? VmssName { get; init; }

    public string? ResourceId { get; init; }

    /// <summary>The scope asked of the credential: the resource's <c>/.default</c> scope.</summary>
    public string Scope => Resource.EndsWith("/.default", StringComparison.Ordinal) ? Resource : Resource.TrimEnd('/') + "/.default";

    public async Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken)
    {
        var accessToken = await _credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken).ConfigureAwait(false);
        var body = new Dictionary<string, string> { ["role"] = _role, ["jwt"] = accessToken.Token };
        Add(body, "subscription_id", SubscriptionId);
        Add(body, "resource_group_name", ResourceGroupName);
        Add(body, "vm_name", VmName);
        Add(body, "vmss_name", VmssName);
        Add(body, "resource_id", ResourceId);
        return await VaultLogin.PostAsync(client, $"auth/{_mount}/login", body, cancellationToken).ConfigureAwait(false);
    }

    public override string ToString() => $"AzureAuth {{ Mount = {_mount}, Role = {_role}, Resource = {Resource} }}";

    private static void Add(Dictionary<string, string> body, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            body[name] = value;
        }
    }
}
