using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Userpass;

/// <summary>The userpass auth method: users with bcrypt-hashed passwords and token settings, and their login.</summary>
internal sealed class UserpassBackend(LoginTokens tokens) : IBackend
{
    public PathTable Paths { get; } = new([.. UserPaths.Specs, .. UserPasswordPaths.Specs, .. UserPolicyPaths.Specs, .. new LoginPath(tokens).Specs]);
}
