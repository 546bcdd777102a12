using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>decrypt/:name, single or batch.</summary>
internal sealed class DecryptPaths(KeyPolicyStore store)
{
    private static readonly Field<string> Ciphertext = Fields.String("ciphertext", "The ciphertext to decrypt (\"vault:v1:...\").");

    public PathSpec Spec => new("decrypt/{name}")
    {
        Fields = [TransitFields.Name, Ciphertext, TransitFields.Context, TransitFields.Nonce, TransitFields.AssociatedData, .. TransitFields.Batch],
        Handlers = { [Operation.Update] = DecryptAsync },
        Synopsis = "Decrypt a ciphertext, or a batch of them, with a named key; the plaintext comes back in base64.",
    };

    /// <summary>
    /// The newest version any of the ciphertexts names: a key cached before another instance rotated must be reloaded
    /// rather than answer "version is too new".
    /// </summary>
    internal static long NewestVersion(IEnumerable<string> ciphertexts)
    {
        var newest = 0L;
        foreach (var text in ciphertexts)
        {
            try
            {
                newest = Math.Max(newest, VersionedValue.Parse(text, "ciphertext").Version);
            }
            catch (VaultException)
            {
                // Malformed: the item fails on its own later, with the right message.
            }
        }

        return newest;
    }

    /// <summary>One item, as Vault orders the checks: ciphertext present, context, nonce, then the cipher.</summary>
    internal static byte[] Decrypt(KeyPolicy policy, BatchItem item, AeadInstances? instances = null)
    {
        if (item.Ciphertext.Length == 0)
        {
            throw VaultException.InvalidRequest("missing ciphertext to decrypt");
        }

        var derivationContext = Base64Input.Decode(item.Context);
        // Decrypt takes a nonce for Vault's old convergent version 1 keys only; it must still be valid base64.
        _ = Base64Input.Decode(item.Nonce);
        return TransitCipher.Decrypt(policy, item.Ciphertext, derivationContext, Base64Input.Decode(item.AssociatedData), instances);
    }

    private async Task<VaultResponse?> DecryptAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var batch = BatchRequest.Read(context, () => new BatchItem
        {
            Ciphertext = context.Get(Ciphertext),
            Context = context.Get(TransitFields.Context),
            Nonce = context.Get(TransitFields.Nonce),
            AssociatedData = context.Get(TransitFields.AssociatedData),
        });
        if (!batch.IsBatch && batch.Items[0].Ciphertext.Length == 0)
        {
            throw VaultException.InvalidRequest("missing ciphertext to decrypt");
        }

        batch.ContextSet();
        var newest = NewestVersion(batch.Items.Select(item => item.Ciphertext));
        using var lease = await store.GetAsync(context, context.Get(TransitFields.Name), cancellationToken, newest).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest("encryption key not found");
        // Disposed before the lease: the instances hold copies of the key.
        using var instances = new AeadInstances();
        var results = batch.Run(
            (item, _) => new JsonObject { ["plaintext"] = Convert.ToBase64String(Decrypt(lease.Policy, item, instances)) },
            // Vault's decrypt results always carry "plaintext", empty on failure.
            () => new JsonObject { ["plaintext"] = "" });
        return batch.Respond(context, results);
    }
}
