using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Audit;

/// <summary>The audit table as one stored record: devices change rarely and are needed on every request.</summary>
public sealed record AuditTableRecord([property: JsonPropertyName("entries")] IReadOnlyList<AuditDeviceEntry> Entries);
