namespace Serverless.Vault.Bench.Database;

/// <summary>What one issue left behind and must be revoked: the lease, and the role it stands for.</summary>
internal sealed record IssuedCredential(string LeaseId, string Username);
