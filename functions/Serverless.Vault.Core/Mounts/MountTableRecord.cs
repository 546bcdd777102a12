namespace Serverless.Vault.Core.Mounts;

/// <summary>The persisted mount table: every secrets and auth mount except the built-in ones.</summary>
internal sealed record MountTableRecord(IReadOnlyList<MountEntry> Entries);
