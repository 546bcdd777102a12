using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>keys (list) and keys/:name: create, read and delete named keys.</summary>
internal sealed class KeysPaths(KeyPolicyStore store)
{
    private static readonly Field<string> Type = Fields.String("type", "Key type: aes128-gcm96, aes256-gcm96 (default), chacha20-poly1305, hmac, ed25519, ecdsa-p256/p384/p521 or rsa-2048/3072/4096.", TransitKeyTypes.DefaultName);
    private static readonly Field<bool> Derived = Fields.Bool("derived", "Derive a key per request from a caller-given context (HKDF-SHA256).");
    private static readonly Field<bool> Convergent = Fields.Bool("convergent_encryption", "Equal plaintexts under one context give equal ciphertexts; requires derived.");
    private static readonly Field<bool> Exportable = Fields.Bool("exportable", "Allow the key material to be exported.");
    private static readonly Field<bool> AllowPlaintextBackup = Fields.Bool("allow_plaintext_backup", "Allow a plaintext backup of the key; cannot be undone.");
    private static readonly Field<TimeSpan> AutoRotatePeriod = Fields.Duration("auto_rotate_period", "Rotate automatically this often; 0 disables, else at least 1h.");
    private static readonly Field<long> KeySize = Fields.Int("key_size", "Bytes of an hmac key (32 to 512); 32 when not given.");

    public IEnumerable<PathSpec> Specs =>
    [
        new("keys")
        {
            Handlers = { [Operation.List] = ListAsync },
            Synopsis = "List the named keys.",
        },
        new("keys/{name}")
        {
            Fields = [TransitFields.Name, Type, Derived, Convergent, Exportable, AllowPlaintextBackup, AutoRotatePeriod, KeySize, TransitFields.Context],
            Handlers = { [Operation.Update] = CreateAsync, [Operation.Read] = ReadAsync, [Operation.Delete] = DeleteAsync },
            Synopsis = "Create, read or delete a named key.",
            Description = "A write creates the key with a first random version; an existing key is left unchanged (with a warning).",
        },
    ];

    /// <summary>auto_rotate_period's rule, shared with keys/:name/config.</summary>
    internal static long RotatePeriodSeconds(TimeSpan period) =>
        period != TimeSpan.Zero && period < TimeSpan.FromHours(1)
            ? throw VaultException.InvalidRequest("auto rotate period must be 0 to disable or at least an hour")
            : (long)period.TotalSeconds;

    private async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var names = await store.ListAsync(context, cancellationToken).ConfigureAwait(false);
        return names.Count == 0 ? null : VaultResponse.WithData(new JsonObject { ["keys"] = new JsonArray(names.Select(n => (JsonNode?)n).ToArray()) });
    }

    private async Task<VaultResponse?> CreateAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = context.Get(TransitFields.Name);
        var period = RotatePeriodSeconds(context.Get(AutoRotatePeriod));
        var derived = context.Get(Derived);
        var convergent = context.Get(Convergent);
        if (convergent && !derived)
        {
            throw VaultException.InvalidRequest("convergent encryption requires derivation to be enabled");
        }

        var typeName = context.Get(Type);
        var type = TransitKeyTypes.Parse(typeName);
        var keySize = 0;
        if (context.Input.Has(KeySize) && context.Get(KeySize) != 0)
        {
            var requested = context.Get(KeySize);
            keySize = type != TransitKeyType.Hmac
                ? throw VaultException.InvalidRequest($"key_size is not valid for algorithm {typeName}")
                : requested is < TransitKeyTypes.HmacMinKeySize or > TransitKeyTypes.HmacMaxKeySize
                    ? throw VaultException.InvalidRequest($"invalid key_size {requested}")
                    : (int)requested;
        }

        if (derived && (type == TransitKeyType.Hmac || TransitKeyTypes.IsEcdsa(type) || TransitKeyTypes.IsRsa(type)))
        {
            throw VaultException.InvalidRequest($"key derivation and convergent encryption not supported for keys of type {TransitKeyTypes.Name(type)}");
        }

        if (convergent && type == TransitKeyType.Ed25519)
        {
            throw VaultException.InvalidRequest("convergent encryption not supported for keys of type ed25519");
        }

        var settings = new KeyPolicyRecord
        {
            Name = name,
            Type = TransitKeyTypes.Name(type),
            Derived = derived,
            ConvergentEncryption = convergent,
            ConvergentVersion = convergent ? KeyPolicyRecord.ConvergentVersion3 : 0,
            Exportable = context.Get(Exportable),
            AllowPlaintextBackup = context.Get(AllowPlaintextBackup),
            AutoRotatePeriod = period,
            KeySize = type == TransitKeyType.Hmac ? (keySize == 0 ? TransitKeyTypes.HmacMinKeySize : keySize) : 0,
        };
        var (lease, created) = await store.GetOrCreateAsync(context, settings, cancellationToken).ConfigureAwait(false);
        using (lease)
        {
            return new VaultResponse
            {
                Data = KeyInfoJson.Format(lease.Policy),
                Warnings = created ? [] : [$"key {name} already existed"],
            };
        }
    }

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        using var lease = await store.GetAsync(context, context.Get(TransitFields.Name), cancellationToken).ConfigureAwait(false);
        // ?context= shows a derived ed25519 key's public keys under that context, as in Vault.
        var derivationContext = Base64Input.TryDecode(context.Get(TransitFields.Context), out var decoded)
            ? decoded
            : throw VaultException.InvalidRequest("failed to base64-decode context");
        return lease is null ? null : VaultResponse.WithData(KeyInfoJson.Format(lease.Policy, derivationContext));
    }

    private async Task<VaultResponse?> DeleteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        await store.DeleteAsync(context, context.Get(TransitFields.Name), cancellationToken).ConfigureAwait(false);
        return null;
    }
}
