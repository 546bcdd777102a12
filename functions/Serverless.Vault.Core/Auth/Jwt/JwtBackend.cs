using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>The jwt/oidc auth method of one mount; its key cache lives as long as the mount is loaded.</summary>
internal sealed class JwtBackend : IBackend
{
    public JwtBackend(BackendContext context, ProviderHttp http, LoginTokens tokens)
    {
        var cache = new JwtKeyCache(http, context.Time);
        var validator = new JwtTokenValidator(context.Time);
        Paths = new PathTable(
        [
            new JwtConfigPaths(http, cache).Spec,
            .. JwtRolePaths.Specs,
            new JwtLoginPaths(cache, validator, tokens).Spec,
            .. new OidcPaths(cache, validator, tokens, http, context.Time).Specs,
        ]);
    }

    public PathTable Paths { get; }
}
