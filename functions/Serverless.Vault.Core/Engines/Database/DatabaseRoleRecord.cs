namespace Serverless.Vault.Core.Engines.Database;

/// <summary>A stored roles/:name (dynamic credentials).</summary>
internal sealed record DatabaseRoleRecord
{
    public required string DbName { get; init; }

    public IReadOnlyList<string> CreationStatements { get; init; } = [];

    public IReadOnlyList<string> RevocationStatements { get; init; } = [];

    public IReadOnlyList<string> RollbackStatements { get; init; } = [];

    public IReadOnlyList<string> RenewStatements { get; init; } = [];

    public long DefaultTtlSeconds { get; init; }

    public long MaxTtlSeconds { get; init; }
}
