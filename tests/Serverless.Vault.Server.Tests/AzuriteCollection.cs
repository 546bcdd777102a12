using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Server.Tests;

/// <summary>One real Azurite for every test class that needs Table Storage.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
