using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>datakey/plaintext|wrapped/:name: a fresh random key, returned encrypted (and in plaintext if asked).</summary>
internal sealed class DatakeyPaths(KeyPolicyStore store)
{
    private static readonly Field<string> Kind = Fields.String("plaintext", "\"plaintext\" returns the key too; \"wrapped\" only its ciphertext.");
    private static readonly Field<long> Bits = Fields.Int("bits", "Bits of the data key: 128, 256 (default) or 512.", 256);

    public PathSpec Spec => new("datakey/{plaintext}/{name}")
    {
        Fields = [Kind, TransitFields.Name, Bits, TransitFields.Context, TransitFields.Nonce, TransitFields.KeyVersion, TransitFields.AssociatedData],
        Handlers = { [Operation.Update] = DatakeyAsync },
        Synopsis = "Generate a data key encrypted with a named key.",
    };

    private async Task<VaultResponse?> DatakeyAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var returnPlaintext = context.Get(Kind) switch
        {
            "plaintext" => true,
            "wrapped" => false,
            _ => throw VaultException.InvalidRequest("Invalid path, must be 'plaintext' or 'wrapped'"),
        };
        var bits = context.Get(Bits);
        if (bits is not (128 or 256 or 512))
        {
            throw VaultException.InvalidRequest("invalid bits length");
        }

        var requested = context.Get(TransitFields.KeyVersion);
        using var lease = await store.GetAsync(context, context.Get(TransitFields.Name), cancellationToken, requested).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest("encryption key not found");
        var dataKey = RandomNumberGenerator.GetBytes((int)(bits / 8));
        try
        {
            var item = new BatchItem
            {
                Plaintext = Convert.ToBase64String(dataKey),
                HasPlaintext = true,
                Context = context.Get(TransitFields.Context),
                Nonce = context.Get(TransitFields.Nonce),
                AssociatedData = context.Get(TransitFields.AssociatedData),
                KeyVersion = requested,
            };
            var data = EncryptPaths.Encrypt(lease.Policy, item, 0, isBatch: false);
            if (returnPlaintext)
            {
                data["plaintext"] = item.Plaintext;
            }

            return VaultResponse.WithData(data);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }
}
