namespace Serverless.Vault.Core.System;

/// <summary>Facts about this deployment that sys/seal-status and sys/health report.</summary>
public sealed record ServerInfo(string SealType, string StorageType)
{
    /// <summary>
    /// The Vault API version we claim. Clients (the Terraform provider among them) gate features on it, so it names
    /// the Vault release whose API we follow rather than our own release number.
    /// </summary>
    public const string VaultVersion = "1.15.0";

    public const string BuildDate = "2026-11-28T00:00:00Z";
}
