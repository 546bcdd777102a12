namespace Serverless.Vault.Core.Audit.Devices;

/// <summary>One formatted entry (prefix, JSON, newline) and what a row key is made of.</summary>
internal sealed record AuditLine(byte[] Bytes, DateTimeOffset Time, string RequestId, string Type);
