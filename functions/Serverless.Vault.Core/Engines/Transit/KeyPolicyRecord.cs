using System.Text.Json.Serialization;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>A named key as stored in one row: its settings and all its versions (see <see cref="TransitStorageKeys"/>).</summary>
internal sealed record KeyPolicyRecord
{
    /// <summary>The only KDF new keys get (Vault's default since 0.8); the legacy counter-mode KDF is not offered.</summary>
    public const string HkdfSha256 = "hkdf_sha256";

    /// <summary>Vault's current convergent scheme: nonce from an HMAC key derived next to the encryption key.</summary>
    public const int ConvergentVersion3 = 3;

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("derived")]
    public bool Derived { get; init; }

    [JsonPropertyName("kdf")]
    public string Kdf { get; init; } = HkdfSha256;

    [JsonPropertyName("convergent_encryption")]
    public bool ConvergentEncryption { get; init; }

    [JsonPropertyName("convergent_version")]
    public int ConvergentVersion { get; init; }

    [JsonPropertyName("exportable")]
    public bool Exportable { get; init; }

    [JsonPropertyName("deletion_allowed")]
    public bool DeletionAllowed { get; init; }

    [JsonPropertyName("allow_plaintext_backup")]
    public bool AllowPlaintextBackup { get; init; }

    [JsonPropertyName("min_decryption_version")]
    public long MinDecryptionVersion { get; init; } = 1;

    /// <summary>0 means "the latest version".</summary>
    [JsonPropertyName("min_encryption_version")]
    public long MinEncryptionVersion { get; init; }

    /// <summary>Versions below this were trimmed away; 0 until the first trim, as in Vault.</summary>
    [JsonPropertyName("min_available_version")]
    public long MinAvailableVersion { get; init; }

    [JsonPropertyName("latest_version")]
    public long LatestVersion { get; init; }

    /// <summary>Seconds; 0 disables automatic rotation.</summary>
    [JsonPropertyName("auto_rotate_period")]
    public long AutoRotatePeriod { get; init; }

    /// <summary>Bytes of an hmac key; 0 for the other types.</summary>
    [JsonPropertyName("key_size")]
    public int KeySize { get; init; }

    /// <summary>The last backup/:name of this key (Vault persists it before answering); null before any.</summary>
    [JsonPropertyName("backup_info")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public KeyBackupInfo? BackupInfo { get; init; }

    /// <summary>Set when the key was written by restore; null for keys created here.</summary>
    [JsonPropertyName("restore_info")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public KeyBackupInfo? RestoreInfo { get; init; }

    /// <summary>Made by keys/:name/import rather than generated here (Vault's imported_key).</summary>
    [JsonPropertyName("imported_key")]
    public bool Imported { get; init; }

    /// <summary>Whether an imported key may get generated versions (rotate, auto-rotation); set at import only.</summary>
    [JsonPropertyName("allow_imported_key_rotation")]
    public bool AllowImportedKeyRotation { get; init; }

    [JsonPropertyName("versions")]
    public IReadOnlyDictionary<long, KeyVersionRecord> Versions { get; init; } = new Dictionary<long, KeyVersionRecord>();

    [JsonIgnore]
    public TransitKeyType KeyType => TransitKeyTypes.Parse(Type);

    /// <summary>The record with one more version, now the latest.</summary>
    public KeyPolicyRecord Rotated(DateTimeOffset now)
    {
        if (Imported && !AllowImportedKeyRotation)
        {
            throw VaultException.InvalidRequest($"imported key {Name} does not allow rotation within Vault; import a new version with import_version, or import with allow_rotation");
        }

        var next = LatestVersion + 1;
        var versions = new Dictionary<long, KeyVersionRecord>(Versions) { [next] = KeyVersionRecord.Generate(KeyType, KeySize, now) };
        return this with { LatestVersion = next, Versions = versions };
    }
}
