namespace Serverless.Vault.Core.Engines.Database;

/// <summary>A dynamic user to create: generated name and password, its expiry, and the role's statements.</summary>
public sealed record NewDatabaseUser(
    string Username, string Password, DateTimeOffset Expiration, IReadOnlyList<string> CreationStatements, IReadOnlyList<string> RollbackStatements)
{
    public override string ToString() => $"NewDatabaseUser {{ Username = {Username}, Expiration = {Expiration:O} }}";
}
