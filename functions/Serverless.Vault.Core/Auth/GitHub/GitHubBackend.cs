using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.GitHub;

/// <summary>The "github" auth method: GitHub personal access tokens, organization membership, team and user policy maps.</summary>
internal sealed class GitHubBackend(GitHubConfigPaths config, GitHubLoginPath login) : IBackend
{
    public PathTable Paths { get; } = new([config.Spec, .. GitHubMapPaths.Specs, login.Spec]);
}
