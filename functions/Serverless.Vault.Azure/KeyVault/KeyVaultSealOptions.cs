namespace Serverless.Vault.Azure.KeyVault;

/// <summary>Where the Key Vault seal's key-encryption key lives and how to reach it.</summary>
public sealed record KeyVaultSealOptions
{
    /// <summary>
    /// The key's identifier, e.g. https://myvault.vault.azure.net/keys/vault-seal (or with a version, or a Managed HSM
    /// https://myhsm.managedhsm.azure.net/keys/vault-seal). Without a version, wrapping uses the newest one and the
    /// version that wrapped is recorded next to the wrapped key.
    /// </summary>
    public required Uri KeyId { get; init; }

    /// <summary>The client id of a user-assigned managed identity; null uses the system-assigned identity.</summary>
    public string? ManagedIdentityClientId { get; init; }

    /// <summary>The Key Vault data-plane api-version.</summary>
    public string ApiVersion { get; init; } = "7.6";

    /// <summary>
    /// How long one HTTP try may take. Short: an unseal attempt should fail fast and let the UnsealCoordinator back off,
    /// rather than hold requests for the pipeline's default 100 seconds.
    /// </summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries inside one call (transient 5xx, network errors); longer outages are the coordinator's backoff.</summary>
    public int MaxRetries { get; init; } = 2;
}
