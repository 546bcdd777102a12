using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Core.Tests.Engines.Database;

/// <summary>One PostgreSQL server for every database engine test; the tests keep apart by unique role and table names.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
