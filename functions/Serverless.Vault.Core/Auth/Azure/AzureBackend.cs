using Serverless.Vault.Core.Auth.Jwt;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Azure;

/// <summary>The azure auth method of one mount; verification keys come from the tenant's OpenID metadata, cached per mount.</summary>
internal sealed class AzureBackend : IBackend
{
    public AzureBackend(BackendContext context, ProviderHttp http, LoginTokens tokens)
    {
        var cache = new JwtKeyCache(http, context.Time);
        Paths = new PathTable(
        [
            new AzureConfigPaths(cache).Spec,
            .. AzureRolePaths.Specs,
            new AzureLoginPaths(cache, new JwtTokenValidator(context.Time), tokens).Spec,
        ]);
    }

    public PathTable Paths { get; }
}
