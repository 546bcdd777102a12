using Microsoft.Extensions.Options;

namespace Serverless.Vault.Client.DependencyInjection;

/// <summary>
/// Vault's environment-variable convention, applied after configuration and only to settings it left unset:
/// <c>VAULT_ADDR</c> (address), <c>VAULT_NAMESPACE</c> (namespace) and <c>VAULT_TOKEN</c> (the token method's token).
/// </summary>
internal sealed class VaultEnvironment(Func<string, string?> variable) : IPostConfigureOptions<VaultClientOptions>, IPostConfigureOptions<VaultAuthOptions>
{
    public VaultEnvironment()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    public void PostConfigure(string? name, VaultClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Address is null && variable("VAULT_ADDR") is { Length: > 0 } address && Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            options.Address = uri;
        }

        if (string.IsNullOrEmpty(options.Namespace) && variable("VAULT_NAMESPACE") is { Length: > 0 } ns)
        {
            options.Namespace = ns;
        }
    }

    public void PostConfigure(string? name, VaultAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var method = options.Method?.Trim();
        var wantsToken = string.IsNullOrEmpty(method) || string.Equals(method, VaultAuthMethodFactory.Token, StringComparison.OrdinalIgnoreCase);
        if (wantsToken && string.IsNullOrEmpty(options.Token) && variable("VAULT_TOKEN") is { Length: > 0 } token)
        {
            options.Token = token;
        }
    }
}
