using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;

namespace Serverless.Vault.Core.Auth.Userpass;

internal sealed class UserpassBackendFactory(LoginTokens tokens) : IBackendFactory
{
    public const string MountType = "userpass";

    public string Type => MountType;

    public MountKind Kind => MountKind.Auth;

    public IBackend Create(BackendContext context) => new UserpassBackend(tokens);
}
