using System.Text.Json.Nodes;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.System;

/// <summary>
/// sys/init. With an auto-unseal seal there are no unseal key shares: the answer carries empty key lists and the
/// root token, which is shown this once and stored only as a keyed hash.
/// </summary>
public sealed class InitPaths(IBarrier barrier, VaultInitializer initializer)
{
    // Accepted for compatibility with clients that always send them; an auto-unseal seal has no shares to split.
    private static readonly Field<long> SecretShares = Fields.Int("secret_shares", "Ignored: the seal unseals automatically.");
    private static readonly Field<long> SecretThreshold = Fields.Int("secret_threshold", "Ignored: the seal unseals automatically.");
    private static readonly Field<IReadOnlyList<string>> PgpKeys = Fields.StringList("pgp_keys", "Not supported.");
    private static readonly Field<string> RootTokenPgpKey = Fields.String("root_token_pgp_key", "Not supported.");
    private static readonly Field<long> RecoveryShares = Fields.Int("recovery_shares", "Ignored.");
    private static readonly Field<long> RecoveryThreshold = Fields.Int("recovery_threshold", "Ignored.");
    private static readonly Field<IReadOnlyList<string>> RecoveryPgpKeys = Fields.StringList("recovery_pgp_keys", "Not supported.");

    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("init")
        {
            Fields = [SecretShares, SecretThreshold, PgpKeys, RootTokenPgpKey, RecoveryShares, RecoveryThreshold, RecoveryPgpKeys],
            Handlers = { [Operation.Read] = ReadAsync, [Operation.Update] = InitializeAsync },
            Unauthenticated = true,
            AllowedWhenSealed = true,
            Synopsis = "Initialise the vault: create the keyring and a root token.",
        },
    ];

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken) =>
        VaultResponse.Raw(new JsonObject { ["initialized"] = await barrier.IsInitializedAsync(cancellationToken).ConfigureAwait(false) });

    private async Task<VaultResponse?> InitializeAsync(RequestContext context, CancellationToken cancellationToken)
    {
        if (context.Input.Has(PgpKeys) || context.Input.Has(RootTokenPgpKey) || context.Input.Has(RecoveryPgpKeys))
        {
            throw VaultException.InvalidRequest("PGP-encrypted keys are not supported");
        }

        var rootToken = await initializer.InitializeAsync(null, cancellationToken).ConfigureAwait(false);
        return VaultResponse.Raw(new JsonObject
        {
            ["keys"] = new JsonArray(),
            ["keys_base64"] = new JsonArray(),
            ["recovery_keys"] = new JsonArray(),
            ["recovery_keys_base64"] = new JsonArray(),
            ["root_token"] = rootToken,
        });
    }
}
