using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;

namespace Serverless.Vault.Core.Auth.Okta;

/// <summary>Enables the "okta" type under sys/auth.</summary>
internal sealed class OktaBackendFactory(OktaLoginPath login) : IBackendFactory
{
    public string Type => OktaAuthServices.MountType;

    public MountKind Kind => MountKind.Auth;

    public IBackend Create(BackendContext context) => new OktaBackend(login);
}
