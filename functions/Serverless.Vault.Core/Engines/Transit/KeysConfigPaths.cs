using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>config/keys: settings common to every key of the mount; today disable_upsert (encrypt creates no keys).</summary>
internal static class KeysConfigPaths
{
    private static readonly Field<bool> DisableUpsert = Fields.Bool("disable_upsert", "Stop encrypt from creating keys that do not exist.");

    public static PathSpec Spec => new("config/keys")
    {
        Fields = [DisableUpsert],
        Handlers = { [Operation.Read] = ReadAsync, [Operation.Update] = WriteAsync },
        Synopsis = "Configuration common to all keys of this mount.",
    };

    /// <summary>
    /// The mount's settings. Read from storage on each upsert attempt only (a request for a missing key), so a change
    /// applies at once on every instance without a cache to go stale.
    /// </summary>
    public static async Task<KeysConfigRecord> ReadConfigAsync(IStorage storage, CancellationToken cancellationToken)
    {
        var (stored, _) = await StoredJson.ReadAsync<KeysConfigRecord>(storage, TransitStorageKeys.KeysConfig, cancellationToken).ConfigureAwait(false);
        return stored ?? new KeysConfigRecord();
    }

    private static async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken) =>
        Respond(await ReadConfigAsync(context.Storage, cancellationToken).ConfigureAwait(false));

    private static async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        // As Vault: an absent disable_upsert means false, so every write states the whole setting.
        var record = new KeysConfigRecord { DisableUpsert = context.Get(DisableUpsert) };
        await context.Storage.PutAsync(TransitStorageKeys.KeysConfig, StoredJson.Serialize(record), PutCondition.None, cancellationToken).ConfigureAwait(false);
        return Respond(record);
    }

    private static VaultResponse Respond(KeysConfigRecord record) => VaultResponse.WithData(new JsonObject { ["disable_upsert"] = record.DisableUpsert });
}
