namespace Serverless.Vault.Core.Policies;

/// <summary>A parsed ACL policy: its normalised name and its path rules in document order.</summary>
public sealed record Policy(string Name, IReadOnlyList<PathRule> Paths);
