using System.ComponentModel.DataAnnotations;

namespace Serverless.Vault.Client;

/// <summary>Where the vault is and how the client treats its token. Bound from configuration by <c>AddVault</c>.</summary>
public sealed class VaultClientOptions
{
    /// <summary>The vault's address, as in <c>VAULT_ADDR</c> (for example <c>https://vault.internal:8200</c>).</summary>
    [Required]
    public Uri? Address { get; set; }

    /// <summary>Sent as <c>X-Vault-Namespace</c> when set.</summary>
    public string? Namespace { get; set; }

    /// <summary>The timeout of one attempt of one request.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The client renews its token once this fraction of the token's TTL has passed.</summary>
    [Range(0.1, 0.95)]
    public double TokenRenewAtFraction { get; set; } = 2.0 / 3.0;

    /// <summary>Revoke the client's token (revoke-self) when the client is disposed; a token given with TokenAuth is left alone.</summary>
    public bool RevokeTokenOnDispose { get; set; }
}
