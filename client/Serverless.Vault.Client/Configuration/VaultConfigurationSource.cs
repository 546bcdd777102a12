using Microsoft.Extensions.Configuration;

namespace Serverless.Vault.Client.Configuration;

/// <summary>Builds the provider over a given client, or over one it creates and the provider then owns.</summary>
internal sealed class VaultConfigurationSource(Func<(VaultClient Client, IDisposable? Owned)> client, VaultConfigurationOptions options) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        var (vault, owned) = client();
        return new VaultConfigurationProvider(vault, options, owned);
    }
}
