namespace Serverless.Vault.Core.Audit;

/// <summary>Server-side audit settings (Vault:Audit), which no API caller can change.</summary>
public sealed class AuditOptions
{
    /// <summary>
    /// The only folder file audit devices may write in. A file_path from the API must lie beneath it (CVE-2025-6000:
    /// an API-chosen path could overwrite any file the server can write). Unset, the file device is refused.
    /// </summary>
    public string? FileRoot { get; set; }

    /// <summary>
    /// A device type ("stdout" or "table") this instance makes sure is enabled, at path "&lt;type&gt;/", once it is
    /// unsealed: how the Function App sends entries to Application Insights without anyone calling sys/audit first.
    /// Disabling it through the API lasts until an instance starts again.
    /// </summary>
    public string? StartupDevice { get; set; }
}
