using System.Globalization;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>A key as GET keys/:name shows it (Vault's formatKeyPolicy); never any key material.</summary>
internal static class KeyInfoJson
{
    /// <summary>The key info; <paramref name="derivationContext"/> shows a derived ed25519 key's public keys under that context.</summary>
    public static JsonObject Format(KeyPolicy policy, byte[]? derivationContext = null)
    {
        var s = policy.Settings;
        var aead = TransitKeyTypes.IsAead(policy.KeyType);
        var rsa = TransitKeyTypes.IsRsa(policy.KeyType);
        var data = new JsonObject
        {
            ["name"] = s.Name,
            ["type"] = s.Type,
            ["derived"] = s.Derived,
            ["deletion_allowed"] = s.DeletionAllowed,
            ["exportable"] = s.Exportable,
            ["allow_plaintext_backup"] = s.AllowPlaintextBackup,
            ["latest_version"] = s.LatestVersion,
            ["min_available_version"] = s.MinAvailableVersion,
            ["min_decryption_version"] = s.MinDecryptionVersion,
            ["min_encryption_version"] = s.MinEncryptionVersion,
            ["supports_encryption"] = aead || rsa,
            ["supports_decryption"] = aead || rsa,
            ["supports_derivation"] = aead || policy.KeyType == TransitKeyType.Ed25519,
            ["supports_signing"] = TransitKeyTypes.IsSigning(policy.KeyType),
            ["auto_rotate_period"] = s.AutoRotatePeriod,
            ["imported_key"] = s.Imported,
        };
        if (s.Imported)
        {
            data["imported_key_allow_rotation"] = s.AllowImportedKeyRotation;
        }

        if (s.KeySize != 0)
        {
            data["key_size"] = s.KeySize;
        }

        if (s.BackupInfo is { } backup)
        {
            data["backup_info"] = new JsonObject { ["time"] = Rfc3339Nano(backup.Time), ["version"] = backup.Version };
        }

        if (s.RestoreInfo is { } restore)
        {
            data["restore_info"] = new JsonObject { ["time"] = Rfc3339Nano(restore.Time), ["version"] = restore.Version };
        }

        if (s.Derived)
        {
            data["kdf"] = s.Kdf;
            data["convergent_encryption"] = s.ConvergentEncryption;
            if (s.ConvergentEncryption)
            {
                data["convergent_encryption_version"] = s.ConvergentVersion;
            }
        }

        // Vault lists creation times for the symmetric encryption types only; hmac keys show none.
        if (aead)
        {
            var keys = new JsonObject();
            foreach (var (version, material) in policy.Versions)
            {
                keys[version.ToString(CultureInfo.InvariantCulture)] = material.CreationTime.ToUnixTimeSeconds();
            }

            data["keys"] = keys;
        }

        if (TransitKeyTypes.IsAsymmetric(policy.KeyType))
        {
            data["keys"] = AsymmetricKeysJson(policy, derivationContext ?? []);
        }

        return data;
    }

    /// <summary>Vault's per-version view of an asymmetric key; a derived ed25519 key shows one only for a context.</summary>
    private static JsonObject AsymmetricKeysJson(KeyPolicy policy, byte[] derivationContext)
    {
        var keys = new JsonObject();
        foreach (var (version, material) in policy.Versions)
        {
            keys[version.ToString(CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["name"] = AsymmetricKeys.DisplayName(policy.KeyType),
                ["public_key"] = !policy.Settings.Derived ? material.PublicKey
                    : derivationContext.Length == 0 ? ""
                    : AsymmetricKeys.DerivedEd25519PublicKey(material.Key, derivationContext),
                ["certificate_chain"] = "",
                ["creation_time"] = Rfc3339Nano(material.CreationTime),
            };
        }

        return keys;
    }

    /// <summary>Go's RFC3339Nano: UTC here, fractional seconds without trailing zeros (none at all when zero).</summary>
    private static string Rfc3339Nano(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
