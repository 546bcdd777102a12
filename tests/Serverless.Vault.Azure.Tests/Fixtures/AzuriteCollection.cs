using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Azure.Tests.Fixtures;

/// <summary>One Azurite process shared by every test class in this collection; each test uses its own table.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
