namespace Serverless.Vault.Core.Tokens;

/// <summary>
/// Told about every service token the store revokes (the lease manager revokes the token's leases here). Called
/// before the token's entry is deleted, and again if a crashed revocation is finished later: implementations must be
/// idempotent. An exception stops the revocation, which is then retried by the caller or by tidy.
/// </summary>
public interface ITokenRevocationListener
{
    Task OnTokenRevokedAsync(TokenEntry token, CancellationToken cancellationToken);
}
