using System.Security.Cryptography;
using System.Text.Json;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>restore[/:name]: writes a key from backup/:name, under its own name or a new one; force replaces a key.</summary>
internal sealed class RestorePaths(KeyPolicyStore store)
{
    private static readonly Field<string> Backup = Fields.String("backup", "The backup/:name output to restore.");
    private static readonly Field<string> Name = Fields.String("name", "Restore under this name instead of the backed-up one.");
    private static readonly Field<bool> Force = Fields.Bool("force", "Replace an existing key of that name.");

    public IEnumerable<PathSpec> Specs =>
    [
        Spec("restore"),
        Spec("restore/{name}"),
    ];

    private PathSpec Spec(string template) => new(template)
    {
        Fields = [Backup, Name, Force],
        Handlers = { [Operation.Update] = RestoreAsync },
        Synopsis = "Restore a key from a backup.",
        Description = "An existing key of the same name is refused unless force is set; the restored key decrypts what the original encrypted.",
    };

    private async Task<VaultResponse?> RestoreAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var backup = context.Get(Backup);
        if (backup.Length == 0)
        {
            throw VaultException.InvalidRequest("'backup' must be supplied");
        }

        var name = context.Get(Name);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw VaultException.InvalidRequest("key names cannot be paths");
        }

        var record = Read(backup);
        record = record with
        {
            Name = name.Length == 0 ? record.Name : name,
            RestoreInfo = new KeyBackupInfo { Time = store.Time.GetUtcNow(), Version = record.LatestVersion },
        };
        await store.RestoreAsync(context, record, context.Get(Force), cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>Decodes and checks a backup: a key it restores must be one this engine can use.</summary>
    private static KeyPolicyRecord Read(string backup)
    {
        var bytes = Base64Input.Decode(backup, "failed to decode backup: ");
        KeyBackupDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<KeyBackupDocument>(bytes, StoredJson.Options);
        }
        catch (JsonException)
        {
            throw VaultException.InvalidRequest("failed to decode backup: not a transit key backup");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }

        var record = document?.Policy;
        if (record is null || string.IsNullOrEmpty(record.Name) || record.Name.Contains('/', StringComparison.Ordinal))
        {
            throw VaultException.InvalidRequest("failed to decode backup: the backup holds no valid key");
        }

        // Parse refuses unknown types with a 400; the latest version must be there to encrypt with.
        var type = TransitKeyTypes.Parse(record.Type);
        return record.LatestVersion < 1 || !record.Versions.ContainsKey(record.LatestVersion) || !record.Versions.Values.All(version => Usable(type, version))
            ? throw VaultException.InvalidRequest("failed to decode backup: the backup holds no key material")
            : record;
    }

    /// <summary>Material the engine can load: base64 throughout, and for the AEAD types a key of the type's length.</summary>
    private static bool Usable(TransitKeyType type, KeyVersionRecord version)
    {
        if (version.Key is null || version.HmacKey is null || !Base64Input.TryDecode(version.Key, out var key))
        {
            return false;
        }

        var fits = !TransitKeyTypes.IsAead(type) || key.Length == TransitKeyTypes.KeyLength(type, 0);
        CryptographicOperations.ZeroMemory(key);
        if (!Base64Input.TryDecode(version.HmacKey, out var hmac))
        {
            return false;
        }

        CryptographicOperations.ZeroMemory(hmac);
        return fits;
    }
}
