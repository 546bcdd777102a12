using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>rewrap/:name: decrypts and re-encrypts under the latest (or a given) version without showing the plaintext.</summary>
internal sealed class RewrapPaths(KeyPolicyStore store)
{
    private static readonly Field<string> Ciphertext = Fields.String("ciphertext", "The ciphertext to re-encrypt.");

    public PathSpec Spec => new("rewrap/{name}")
    {
        Fields = [TransitFields.Name, Ciphertext, TransitFields.Context, TransitFields.Nonce, TransitFields.KeyVersion, .. TransitFields.Batch],
        Handlers = { [Operation.Update] = RewrapAsync },
        Synopsis = "Re-encrypt a ciphertext, or a batch of them, with the key's latest version.",
    };

    private async Task<VaultResponse?> RewrapAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var batch = BatchRequest.Read(context, () => new BatchItem
        {
            Ciphertext = context.Get(Ciphertext),
            Context = context.Get(TransitFields.Context),
            Nonce = context.Get(TransitFields.Nonce),
            KeyVersion = context.Get(TransitFields.KeyVersion),
        });
        if (!batch.IsBatch && batch.Items[0].Ciphertext.Length == 0)
        {
            throw VaultException.InvalidRequest("missing ciphertext to decrypt");
        }

        batch.ContextSet();
        var newest = Math.Max(DecryptPaths.NewestVersion(batch.Items.Select(item => item.Ciphertext)), batch.Items.Max(item => item.KeyVersion));
        using var lease = await store.GetAsync(context, context.Get(TransitFields.Name), cancellationToken, newest).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest("encryption key not found");
        // Disposed before the lease: the instances hold copies of the key.
        using var instances = new AeadInstances();
        var results = batch.Run((item, _) => Rewrap(lease.Policy, item, instances));
        return batch.Respond(context, results);
    }

    private static JsonObject Rewrap(KeyPolicy policy, BatchItem item, AeadInstances instances)
    {
        var plaintext = DecryptPaths.Decrypt(policy, item, instances);
        try
        {
            var version = TransitCipher.EncryptionVersion(policy.Settings, item.KeyVersion);
            var ciphertext = TransitCipher.Encrypt(policy, version, Base64Input.Decode(item.Context), plaintext, [], instances);
            return new JsonObject { ["ciphertext"] = ciphertext, ["key_version"] = version };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
