using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;

namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>The "jwt" and "oidc" auth method types: one backend under two names, as in Vault.</summary>
internal sealed class JwtBackendFactory(string type, ProviderHttp http, LoginTokens tokens) : IBackendFactory
{
    public string Type => type;

    public MountKind Kind => MountKind.Auth;

    public IBackend Create(BackendContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new JwtBackend(context, http, tokens);
    }
}
