using Serverless.Vault.Core.Audit;
using Serverless.Vault.Core.Leases;

namespace Serverless.Vault.Http;

/// <summary>The "Vault" configuration section: where storage lives, which seal guards the root key, request bounds.</summary>
public sealed class VaultHostingOptions
{
    public const string SectionName = "Vault";

    public StorageSettings Storage { get; set; } = new();

    public SealSettings Seal { get; set; } = new();

    /// <summary>The largest request body accepted, in bytes (413 above).</summary>
    public long MaxRequestBytes { get; set; } = new RequestLimits().MaxRequestBytes;

    /// <summary>The lease sweeper's settings (Vault:Leases).</summary>
    public LeaseOptions Leases { get; set; } = new();

    /// <summary>Audit settings no API caller may change (Vault:Audit:FileRoot, the folder for file devices).</summary>
    public AuditOptions Audit { get; set; } = new();
}

/// <summary>Table Storage by connection string (Azurite, shared key) or by endpoint and managed identity; else in memory.</summary>
public sealed class StorageSettings
{
    public string? ConnectionString { get; set; }

    /// <summary>The table endpoint, e.g. https://account.table.core.windows.net, used with a managed identity.</summary>
    public string? ServiceUri { get; set; }

    public string TableName { get; set; } = "vault";

    public string? ManagedIdentityClientId { get; set; }

    public bool UsesTableStorage => !string.IsNullOrEmpty(ConnectionString) || !string.IsNullOrEmpty(ServiceUri);
}

/// <summary>"local" (a 256-bit key, base64 or in a file) or "azurekeyvault" (a Key Vault key id and a managed identity).</summary>
public sealed class SealSettings
{
    public string Type { get; set; } = "local";

    /// <summary>Base64 of 32 bytes, for the local seal.</summary>
    public string? Key { get; set; }

    /// <summary>A file holding the local seal key.</summary>
    public string? KeyFile { get; set; }

    /// <summary>The Key Vault key URI, e.g. https://vault.vault.azure.net/keys/root/&lt;version&gt;.</summary>
    public string? KeyId { get; set; }

    public string? ManagedIdentityClientId { get; set; }
}
