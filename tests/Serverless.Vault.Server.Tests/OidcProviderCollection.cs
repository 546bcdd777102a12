using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Server.Tests;

/// <summary>One real OpenID provider for every test class that logs in with JWTs or OIDC.</summary>
[CollectionDefinition(Name)]
public sealed class OidcProviderCollection : ICollectionFixture<OidcProviderFixture>
{
    public const string Name = "oidc-provider";
}
