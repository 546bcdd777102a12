using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;

namespace Serverless.Vault.Core.Auth.GitHub;

/// <summary>Enables the "github" type under sys/auth.</summary>
internal sealed class GitHubBackendFactory(GitHubConfigPaths config, GitHubLoginPath login) : IBackendFactory
{
    public string Type => GitHubAuthServices.MountType;

    public MountKind Kind => MountKind.Auth;

    public IBackend Create(BackendContext context) => new GitHubBackend(config, login);
}
