using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Framework;

/// <summary>
/// What a handler returns, on <see cref="VaultResponse.Secret"/>, when its answer is a secret under a lease (dynamic
/// credentials). The pipeline registers the lease, caps the TTLs by the mount's and the system's, and fills the
/// envelope's <c>lease_id</c>, <c>lease_duration</c> and <c>renewable</c>. Never sent to the client.
/// </summary>
public sealed record SecretLease
{
    /// <summary>The TTL the backend asks for (a role's default_ttl); zero means the mount's, else the system's, default.</summary>
    public TimeSpan Ttl { get; init; }

    /// <summary>The longest life from issue the backend allows (a role's max_ttl); zero means the mount's or system's.</summary>
    public TimeSpan MaxTtl { get; init; }

    public bool Renewable { get; init; } = true;

    /// <summary>
    /// What the backend needs to renew or revoke the secret later (a username, a role name): stored with the lease behind
    /// the barrier and handed back in <see cref="LeaseContext.InternalData"/>.
    /// </summary>
    public required JsonObject InternalData { get; init; }
}
