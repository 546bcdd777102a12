using Serverless.Vault.Core.Auth.Jwt;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;

namespace Serverless.Vault.Core.Auth.Azure;

/// <summary>The "azure" auth method type.</summary>
internal sealed class AzureBackendFactory(ProviderHttp http, LoginTokens tokens) : IBackendFactory
{
    public string Type => "azure";

    public MountKind Kind => MountKind.Auth;

    public IBackend Create(BackendContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new AzureBackend(context, http, tokens);
    }
}
