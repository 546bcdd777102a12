using Microsoft.Extensions.Options;

namespace Serverless.Vault.Client.DependencyInjection;

/// <summary>Start-up checks of <see cref="VaultClientOptions"/> beyond data annotations, worded as what to set.</summary>
internal sealed class VaultClientOptionsValidator : IValidateOptions<VaultClientOptions>
{
    public ValidateOptionsResult Validate(string? name, VaultClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Address is null)
        {
            return ValidateOptionsResult.Fail("The vault Address is not set: set Address in the vault's configuration section (for example https://vault.internal:8200) or the VAULT_ADDR environment variable.");
        }

        if (!options.Address.IsAbsoluteUri || options.Address.Scheme is not ("http" or "https"))
        {
            return ValidateOptionsResult.Fail($"The vault Address '{options.Address}' is not an absolute http(s) URL: use the form https://vault.internal:8200.");
        }

        return ValidateOptionsResult.Success;
    }
}
