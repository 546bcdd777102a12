using System.Security.Cryptography;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// keys/:name/import makes a key from caller-supplied material; keys/:name/import_version adds a version to such a key.
/// The material comes wrapped for the mount's wrapping_key (see <see cref="WrappingKeyStore"/>), as in Vault.
/// </summary>
internal sealed class ImportPaths(KeyPolicyStore store, WrappingKeyStore wrappingKeys)
{
    private static readonly Field<string> Type = Fields.String("type", "Key type of the imported key: the AEAD types, hmac, ed25519, ecdsa-p256/p384/p521 or rsa-2048/3072/4096.", TransitKeyTypes.DefaultName);
    private static readonly Field<string> Ciphertext = Fields.String("ciphertext", "Base64 of RSA-OAEP(wrapping_key, ephemeral AES-256 key) || AES-KWP(ephemeral key, target key).");
    private static readonly Field<string> HashFunction = Fields.String("hash_function", "OAEP hash of the ephemeral key's wrapping: SHA1, SHA256 (default), SHA384 or SHA512.", "SHA256");
    private static readonly Field<string> PublicKey = Fields.String("public_key", "A PEM public key to import alone; not supported here.");
    private static readonly Field<bool> AllowRotation = Fields.Bool("allow_rotation", "Allow the imported key to be rotated within Vault.");
    private static readonly Field<bool> Derived = Fields.Bool("derived", "Derive a key per request from a caller-given context (HKDF-SHA256).");
    private static readonly Field<bool> Convergent = Fields.Bool("convergent_encryption", "Not allowed on import; declared only to refuse it.");
    private static readonly Field<bool> Exportable = Fields.Bool("exportable", "Allow the key material to be exported.");
    private static readonly Field<bool> AllowPlaintextBackup = Fields.Bool("allow_plaintext_backup", "Allow a plaintext backup of the key; cannot be undone.");
    private static readonly Field<TimeSpan> AutoRotatePeriod = Fields.Duration("auto_rotate_period", "Rotate automatically this often; needs allow_rotation; 0 disables, else at least 1h.");
    private static readonly Field<long> Version = Fields.Int("version", "Vault's way to add a private key to a public-only version; not supported here.");

    public IEnumerable<PathSpec> Specs =>
    [
        new("keys/{name}/import")
        {
            Fields = [TransitFields.Name, Type, Ciphertext, HashFunction, PublicKey, AllowRotation, Derived, Convergent, Exportable, AllowPlaintextBackup, AutoRotatePeriod, TransitFields.Context],
            Handlers = { [Operation.Update] = ImportAsync },
            Synopsis = "Import an externally made key as a new named key.",
            Description = "The key must not exist yet; use import_version to add versions to an imported key.",
        },
        new("keys/{name}/import_version")
        {
            Fields = [TransitFields.Name, Ciphertext, HashFunction, PublicKey, Version],
            Handlers = { [Operation.Update] = ImportVersionAsync },
            Synopsis = "Import an externally made key as the next version of an imported key.",
        },
    ];

    private async Task<VaultResponse?> ImportAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = context.Get(TransitFields.Name);
        if (context.Input.Has(Convergent))
        {
            throw VaultException.InvalidRequest("import cannot be used on keys with convergent encryption enabled");
        }

        var allowRotation = context.Get(AllowRotation);
        var period = KeysPaths.RotatePeriodSeconds(context.Get(AutoRotatePeriod));
        if (period > 0 && !allowRotation)
        {
            throw VaultException.InvalidRequest("allow_rotation must be set to true if auto-rotation is enabled");
        }

        var type = TransitKeyTypes.Parse(context.Get(Type).ToLowerInvariant());
        var derived = context.Get(Derived);
        if (derived && (type == TransitKeyType.Hmac || TransitKeyTypes.IsEcdsa(type) || TransitKeyTypes.IsRsa(type)))
        {
            throw VaultException.InvalidRequest($"key derivation not supported for keys of type {TransitKeyTypes.Name(type)}");
        }

        using (var existing = await store.GetAsync(context, name, cancellationToken).ConfigureAwait(false))
        {
            if (existing is not null)
            {
                throw VaultException.InvalidRequest("the import path cannot be used with an existing key; use import_version to add a version to an existing imported key");
            }
        }

        var (version, keyLength) = await UnwrapVersionAsync(context, type, cancellationToken).ConfigureAwait(false);
        var record = new KeyPolicyRecord
        {
            Name = name,
            Type = TransitKeyTypes.Name(type),
            Derived = derived,
            Exportable = context.Get(Exportable),
            AllowPlaintextBackup = context.Get(AllowPlaintextBackup),
            AutoRotatePeriod = period,
            KeySize = type == TransitKeyType.Hmac ? keyLength : 0,
            Imported = true,
            AllowImportedKeyRotation = allowRotation,
            LatestVersion = 1,
            Versions = new Dictionary<long, KeyVersionRecord> { [1] = version },
        };
        // A NotExists write: a key created by another request since the check above is refused, never replaced.
        await store.RestoreAsync(context, record, force: false, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<VaultResponse?> ImportVersionAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = context.Get(TransitFields.Name);
        if (context.Input.Has(Version))
        {
            throw VaultException.InvalidRequest("version is not supported: public-key-only versions cannot be imported here, so there is none to complete");
        }

        TransitKeyType type;
        using (var lease = await store.GetAsync(context, name, cancellationToken).ConfigureAwait(false))
        {
            var settings = lease?.Policy.Settings ?? throw VaultException.InvalidRequest($"no key found with name {name}; to import a new key, use the import/ endpoint");
            CheckImportable(settings);
            type = lease.Policy.KeyType;
        }

        var (version, _) = await UnwrapVersionAsync(context, type, cancellationToken).ConfigureAwait(false);
        using var updated = await store.UpdateAsync(context, name, current =>
        {
            CheckImportable(current);
            var next = current.LatestVersion + 1;
            return current with { LatestVersion = next, Versions = new Dictionary<long, KeyVersionRecord>(current.Versions) { [next] = version } };
        }, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static void CheckImportable(KeyPolicyRecord settings)
    {
        if (!settings.Imported)
        {
            throw VaultException.InvalidRequest("the import_version endpoint can only be used with an imported key");
        }

        if (settings.ConvergentEncryption)
        {
            throw VaultException.InvalidRequest("import_version cannot be used on keys with convergent encryption enabled");
        }
    }

    /// <summary>Decodes and unwraps the ciphertext into a version of <paramref name="type"/>; the plain key is zeroed here.</summary>
    private async Task<(KeyVersionRecord Version, int KeyLength)> UnwrapVersionAsync(RequestContext context, TransitKeyType type, CancellationToken cancellationToken)
    {
        if (context.Input.Has(PublicKey))
        {
            throw VaultException.InvalidRequest("importing only a public key is not supported; send the private key wrapped in ciphertext");
        }

        if (!context.Input.Has(Ciphertext) || context.Get(Ciphertext).Length == 0)
        {
            throw VaultException.InvalidRequest("missing ciphertext: the wrapped key to import");
        }

        var hash = OaepHash(context.Get(HashFunction));
        var ciphertext = Base64Input.TryDecode(context.Get(Ciphertext), out var decoded)
            ? decoded
            : throw VaultException.InvalidRequest("ciphertext is not valid base64");
        var key = await wrappingKeys.UnwrapAsync(context.Storage, ciphertext, hash, cancellationToken).ConfigureAwait(false);
        try
        {
            return (ImportedKeyMaterial.ToVersion(type, key, store.Time.GetUtcNow()), key.Length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Vault's hash_function names; SHA224 is Vault's too, but .NET's OAEP has no SHA-224.</summary>
    private static HashAlgorithmName OaepHash(string name) => name.ToUpperInvariant() switch
    {
        "SHA1" => HashAlgorithmName.SHA1,
        "SHA256" => HashAlgorithmName.SHA256,
        "SHA384" => HashAlgorithmName.SHA384,
        "SHA512" => HashAlgorithmName.SHA512,
        "SHA224" => throw VaultException.InvalidRequest("hash function SHA224 is not supported for import; use SHA256 (the default), SHA1, SHA384 or SHA512"),
        _ => throw VaultException.InvalidRequest($"unknown hash function: {name}"),
    };
}
