using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>encrypt/:name, single or batch; creates a missing key when the caller holds "create" on the path (upsert).</summary>
internal sealed class EncryptPaths(KeyPolicyStore store)
{
    private static readonly Field<string> Plaintext = Fields.String("plaintext", "Base64 plaintext to encrypt.");
    private static readonly Field<string> Type = Fields.String("type", "Type of the key created by an upsert.", TransitKeyTypes.DefaultName);
    private static readonly Field<bool> Convergent = Fields.Bool("convergent_encryption", "Make the upserted key convergent; requires context.");

    public PathSpec Spec => new("encrypt/{name}")
    {
        Fields = [TransitFields.Name, Plaintext, TransitFields.Context, TransitFields.Nonce, TransitFields.AssociatedData, TransitFields.KeyVersion, Type, Convergent, .. TransitFields.Batch],
        Handlers = { [Operation.Update] = EncryptAsync },
        Existence = ExistsAsync,
        Synopsis = "Encrypt base64 plaintext, or a batch of them, with a named key.",
    };

    private Task<bool> ExistsAsync(RequestContext context, CancellationToken cancellationToken) =>
        store.ExistsAsync(context, context.Get(TransitFields.Name), cancellationToken);

    private async Task<VaultResponse?> EncryptAsync(RequestContext context, CancellationToken cancellationToken)
    {
        if (BatchRequest.Batch(context) is not { } batch)
        {
            return await EncryptOneAsync(context, cancellationToken).ConfigureAwait(false);
        }

        var contextSet = batch.ContextSet();
        var maxVersion = batch.Items.Max(item => item.KeyVersion);
        var warnings = new List<string>();
        using var lease = await KeyAsync(context, contextSet, maxVersion, warnings, cancellationToken).ConfigureAwait(false);
        // Disposed (in reverse order) before the lease: the instances hold copies of the key.
        using var instances = new AeadInstances();
        var results = EncryptBatch(lease.Policy, batch.Items, instances);
        return BatchRequest.Answer(context, results, warnings);
    }

    /// <summary>
    /// The request without batch_input: the top-level fields are its one item, and any refusal of it is the request's
    /// 400 (what a batch of one answered as a single item gives, without building the batch).
    /// </summary>
    private async Task<VaultResponse?> EncryptOneAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var plaintextJson = BatchItem.BodyString(context.Input.Raw[Plaintext.Name]);
        var item = new BatchItem
        {
            Plaintext = plaintextJson is null ? context.Get(Plaintext) : "",
            PlaintextJson = plaintextJson,
            HasPlaintext = context.Input.Has(Plaintext),
            Context = context.Get(TransitFields.Context),
            Nonce = context.Get(TransitFields.Nonce),
            AssociatedData = context.Get(TransitFields.AssociatedData),
            KeyVersion = context.Get(TransitFields.KeyVersion),
        };
        if (!item.HasPlaintext)
        {
            throw VaultException.InvalidRequest("missing plaintext to encrypt");
        }

        var warnings = new List<string>(0);
        using var lease = await KeyAsync(context, item.Context.Length != 0, item.KeyVersion, warnings, cancellationToken).ConfigureAwait(false);
        return new VaultResponse { DataUtf8 = EncryptUtf8(lease.Policy, item), Warnings = warnings.Count == 0 ? [] : warnings };
    }

    /// <summary>
    /// A single item's answer written as UTF-8, as a batch's results are: the ciphertext never becomes a UTF-16 string
    /// (2.8 KB for 1 KiB of plaintext) or a node, and the HTTP adapter copies the bytes out as they are. Written by hand
    /// into one exact array (a JSON writer asks its buffer for 4 KB at a time): "vault:v", digits, ':' and base64 need
    /// no escaping.
    /// </summary>
    private static Utf8JsonData EncryptUtf8(KeyPolicy policy, BatchItem item)
    {
        using var plaintext = new PlaintextBuffer();
        var (derivationContext, associatedData, version) = Prepare(policy, item, 0, isBatch: false, plaintext);
        var ciphertext = TransitCipher.EncryptUtf8(policy, version, derivationContext, plaintext.Current, associatedData, instances: null);
        try
        {
            Span<byte> digits = stackalloc byte[20];
            version.TryFormat(digits, out var digitCount, provider: CultureInfo.InvariantCulture);
            ReadOnlySpan<byte> opening = "{\"ciphertext\":\""u8;
            ReadOnlySpan<byte> middle = "\",\"key_version\":"u8;
            var json = new byte[opening.Length + ciphertext.Length + middle.Length + digitCount + 1];
            var rest = json.AsSpan();
            Append(ref rest, opening);
            Append(ref rest, ciphertext.Rented.AsSpan(0, ciphertext.Length));
            Append(ref rest, middle);
            Append(ref rest, digits[..digitCount]);
            Append(ref rest, "}"u8);
            return new Utf8JsonData([json]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(ciphertext.Rented);
        }

        static void Append(ref Span<byte> rest, scoped ReadOnlySpan<byte> part)
        {
            part.CopyTo(rest);
            rest = rest[part.Length..];
        }
    }

    /// <summary>The named key, created first when the request is a create (upsert) and config/keys allows it.</summary>
    private async Task<KeyLease> KeyAsync(RequestContext context, bool contextSet, long maxVersion, List<string> warnings, CancellationToken cancellationToken)
    {
        var name = context.Get(TransitFields.Name);
        var lease = await store.GetAsync(context, name, cancellationToken, maxVersion).ConfigureAwait(false);
        if (context.Request.Operation == Operation.Create)
        {
            var created = false;
            // config/keys disable_upsert: a missing key stays missing and the request fails as without "create".
            if (lease is null && !(await KeysConfigPaths.ReadConfigAsync(context.Storage, cancellationToken).ConfigureAwait(false)).DisableUpsert)
            {
                (lease, created) = await store.GetOrCreateAsync(context, UpsertSettings(context, name, contextSet), cancellationToken).ConfigureAwait(false);
            }

            if (!created)
            {
                warnings.Add("Attempted creation of the key during the encrypt operation, but it was created beforehand");
            }
        }

        return lease ?? throw VaultException.InvalidRequest("encryption key not found");
    }

    /// <summary>One item: the same checks and order as Vault's EncryptWithFactory.</summary>
    internal static JsonObject Encrypt(KeyPolicy policy, BatchItem item, int index, bool isBatch, AeadInstances? instances = null)
    {
        using var plaintext = new PlaintextBuffer();
        var (derivationContext, associatedData, version) = Prepare(policy, item, index, isBatch, plaintext);
        var ciphertext = TransitCipher.Encrypt(policy, version, derivationContext, plaintext.Current, associatedData, instances);
        return new JsonObject { ["ciphertext"] = ciphertext, ["key_version"] = version };
    }

    /// <summary>
    /// A batch, with Vault's per-item semantics (a refused item becomes its own error result), written straight as
    /// UTF-8 results: no result objects or UTF-16 ciphertext strings per item, and one plaintext buffer for all items.
    /// </summary>
    private static Utf8BatchResults EncryptBatch(KeyPolicy policy, IReadOnlyList<BatchItem> items, AeadInstances instances)
    {
        var results = new Utf8BatchResults(items.Sum(item => 64L + item.Reference.Length + item.PlaintextTextLength));
        using var plaintext = new PlaintextBuffer();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            (byte[] Rented, int Length) ciphertext;
            long version;
            try
            {
                byte[] derivationContext;
                byte[] associatedData;
                (derivationContext, associatedData, version) = Prepare(policy, item, i, isBatch: true, plaintext);
                ciphertext = TransitCipher.EncryptUtf8(policy, version, derivationContext, plaintext.Current, associatedData, instances);
            }
            catch (VaultException error) when (BatchRequest.IsItemFailure(error))
            {
                results.Failure(BatchRequest.ItemError(error), item.Reference);
                continue;
            }

            var writer = results.BeginItem();
            writer.WriteString("ciphertext"u8, ciphertext.Rented.AsSpan(0, ciphertext.Length));
            writer.WriteNumber("key_version"u8, version);
            results.EndItem(item.Reference);
            ArrayPool<byte>.Shared.Return(ciphertext.Rented);
        }

        return results;
    }

    /// <summary>
    /// An item's inputs and key version, checked in Vault's order (the plaintext, decoded into <paramref name="plaintext"/>,
    /// first); any refusal is that item's error.
    /// </summary>
    private static (byte[] Context, byte[] AssociatedData, long Version) Prepare(KeyPolicy policy, BatchItem item, int index, bool isBatch, PlaintextBuffer plaintext)
    {
        if (isBatch && !item.HasPlaintext)
        {
            throw VaultException.InvalidRequest($"'[{index}].plaintext' missing plaintext to encrypt");
        }

        plaintext.Decode(item);
        var derivationContext = Base64Input.Decode(item.Context);
        if (item.Nonce.Length != 0)
        {
            // CVE-2023-4680: a caller nonce with AES-GCM invites nonce reuse. Vault's convergent keys (version 3)
            // compute their own nonce, so no key this engine makes accepts one.
            throw VaultException.InvalidRequest("nonce provided when not allowed");
        }

        var associatedData = Base64Input.Decode(item.AssociatedData);
        return (derivationContext, associatedData, TransitCipher.EncryptionVersion(policy.Settings, item.KeyVersion));
    }

    /// <summary>What an upsert creates: Vault derives the key iff the request carries a context.</summary>
    private static KeyPolicyRecord UpsertSettings(RequestContext context, string name, bool contextSet)
    {
        var convergent = context.Get(Convergent);
        if (convergent && !contextSet)
        {
            throw VaultException.InvalidRequest("convergent encryption requires derivation to be enabled, so context is required");
        }

        var typeName = context.Get(Type);
        var type = typeName.StartsWith("ecdsa-", StringComparison.Ordinal)
            ? throw VaultException.InvalidRequest($"key type {typeName} not supported for this operation")
            : TransitKeyTypes.Parse(typeName);
        if (!TransitKeyTypes.IsAead(type))
        {
            throw VaultException.InvalidRequest($"unknown key type {typeName}");
        }

        return new KeyPolicyRecord
        {
            Name = name,
            Type = TransitKeyTypes.Name(type),
            Derived = contextSet,
            ConvergentEncryption = convergent,
            ConvergentVersion = convergent ? KeyPolicyRecord.ConvergentVersion3 : 0,
        };
    }
}
