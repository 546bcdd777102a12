using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Security;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.System;

/// <summary>First start: the keyring, the cluster identity and a root token. A second initialisation is refused.</summary>
public sealed class VaultInitializer(IBarrier barrier, TokenStore tokens)
{
    /// <summary>The cluster's name and id: written once at init.</summary>
    public const string ClusterKey = "core/cluster";

    private ClusterIdentity? _cluster;

    /// <summary>Initialises the vault and returns the root token id (shown to the caller once, never stored).</summary>
    public async Task<string> InitializeAsync(string? rootTokenId, CancellationToken cancellationToken)
    {
        try
        {
            await barrier.InitializeAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            throw VaultException.InvalidRequest("Vault is already initialized");
        }

        var cluster = new ClusterIdentity("vault-cluster-" + RandomIds.Base62String(8).ToLowerInvariant(), RandomIds.Uuid());
        await barrier.Storage.PutAsync(ClusterKey, StoredJson.Serialize(cluster), PutCondition.NotExists, CancellationToken.None).ConfigureAwait(false);
        _cluster = cluster;
        return await tokens.CreateRootTokenAsync(rootTokenId, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The cluster identity, or null while sealed or uninitialised.</summary>
    public async Task<ClusterIdentity?> GetClusterAsync(CancellationToken cancellationToken)
    {
        if (_cluster is not null || barrier.IsSealed)
        {
            return _cluster;
        }

        var (cluster, _) = await StoredJson.ReadAsync<ClusterIdentity>(barrier.Storage, ClusterKey, cancellationToken).ConfigureAwait(false);
        return _cluster = cluster;
    }
}
