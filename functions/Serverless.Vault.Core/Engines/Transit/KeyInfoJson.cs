using System.Globalization;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>A key as GET keys/:name shows it (Vault's formatKeyPolicy); never any key material.</summary>
internal static class KeyInfoJson
{
    public static JsonObject Format(KeyPolicy policy)
    {
        var s = policy.Settings;
        var aead = TransitKeyTypes.IsAead(policy.KeyType);
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
            ["supports_encryption"] = aead,
            ["supports_decryption"] = aead,
            ["supports_derivation"] = aead,
            ["supports_signing"] = false,
            ["auto_rotate_period"] = s.AutoRotatePeriod,
            ["imported_key"] = false,
        };
        if (s.KeySize != 0)
        {
            data["key_size"] = s.KeySize;
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

        return data;
    }
}
