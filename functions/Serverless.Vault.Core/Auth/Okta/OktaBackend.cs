using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Okta;

/// <summary>The "okta" auth method: Okta username/password (and TOTP) logins, group and user policy mappings.</summary>
internal sealed class OktaBackend(OktaLoginPath login) : IBackend
{
    public PathTable Paths { get; } = new([OktaConfigPaths.Spec, .. OktaMappingPaths.Specs, login.Spec]);
}
