using Azure.Identity;
using Serverless.Vault.Client.Auth;

namespace Serverless.Vault.Client.DependencyInjection;

/// <summary>Turns validated <see cref="VaultAuthOptions"/> into the auth method they describe.</summary>
internal static class VaultAuthMethodFactory
{
    public const string Token = "token";
    public const string AppRole = "approle";
    public const string Userpass = "userpass";
    public const string Jwt = "jwt";
    public const string Azure = "azure";

    public static readonly IReadOnlyList<string> Methods = [Token, AppRole, Userpass, Jwt, Azure];

    /// <summary>The method's name in lower case; <c>token</c> when none is named but a token is set; null when unknown.</summary>
    public static string? MethodOf(VaultAuthOptions options)
    {
        var method = options.Method?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(method))
        {
            return string.IsNullOrEmpty(options.Token) ? null : Token;
        }

        return Methods.Contains(method) ? method : null;
    }

    public static IVaultAuthMethod Create(VaultAuthOptions options)
    {
        var method = MethodOf(options) ?? throw new InvalidOperationException($"Unknown vault auth method '{options.Method}'.");
        var mount = string.IsNullOrWhiteSpace(options.Mount) ? method : options.Mount;
        return method switch
        {
            Token => new TokenAuth(options.Token!),
            AppRole => new AppRoleAuth(options.RoleId!, string.IsNullOrEmpty(options.SecretId) ? null : options.SecretId, mount),
            Userpass => new UserpassAuth(options.Username!, options.Password!, mount),
            Jwt => CreateJwt(options, mount),
            _ => new AzureAuth(options.Role!, AzureCredential(options), options.Resource ?? AzureAuth.DefaultResource, mount)
            {
                SubscriptionId = options.SubscriptionId,
                ResourceGroupName = options.ResourceGroupName,
                VmName = options.VmName,
                VmssName = options.VmssName,
                ResourceId = options.ResourceId,
            },
        };
    }

    private static JwtAuth CreateJwt(VaultAuthOptions options, string mount)
    {
        if (!string.IsNullOrEmpty(options.JwtFile))
        {
            return JwtAuth.FromFile(options.Role!, options.JwtFile, mount);
        }

        var jwt = options.Jwt!;
        return new JwtAuth(options.Role!, _ => ValueTask.FromResult(jwt), mount);
    }

    private static ManagedIdentityCredential? AzureCredential(VaultAuthOptions options) =>
        string.IsNullOrEmpty(options.ManagedIdentityClientId)
            ? null
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
}
