using System.Globalization;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>export/:type/:name[/:version]: a key's raw material in base64, for keys created exportable.</summary>
internal sealed class ExportPaths(KeyPolicyStore store)
{
    public const string EncryptionKey = "encryption-key";
    public const string HmacKey = "hmac-key";
    public const string SigningKey = "signing-key";
    public const string PublicKey = "public-key";
    public const string CertificateChain = "certificate-chain";

    private static readonly Field<string> ExportType = Fields.String("type", "What to export: encryption-key or hmac-key (signing-key, public-key for signing keys).").AsRequired();
    private static readonly Field<string> Version = Fields.String("version", "A version number (\"v\" prefix allowed) or \"latest\"; all versions when absent.");

    private static readonly HashSet<string> KnownTypes = new(StringComparer.Ordinal) { EncryptionKey, HmacKey, SigningKey, PublicKey, CertificateChain };

    public IEnumerable<PathSpec> Specs =>
    [
        Spec("export/{type}/{name}"),
        Spec("export/{type}/{name}/{version}"),
    ];

    private PathSpec Spec(string template) => new(template)
    {
        Fields = [ExportType, TransitFields.Name, Version],
        Handlers = { [Operation.Read] = ExportAsync },
        Synopsis = "Export a named key's material.",
        Description = "Answers {name, type, keys: {\"<version>\": \"<base64>\"}}; only for keys created or configured exportable.",
    };

    private async Task<VaultResponse?> ExportAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var exportType = context.Get(ExportType);
        if (!KnownTypes.Contains(exportType))
        {
            throw VaultException.InvalidRequest($"invalid export type: {exportType}");
        }

        using var lease = await store.GetAsync(context, context.Get(TransitFields.Name), cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return null;
        }

        var policy = lease.Policy;
        if (!policy.Settings.Exportable && exportType is not (PublicKey or CertificateChain))
        {
            throw VaultException.InvalidRequest("private key material is not exportable");
        }

        var keys = new JsonObject();
        foreach (var (version, material) in Selected(policy, context.Input.Has(Version) ? context.Get(Version) : ""))
        {
            keys[version.ToString(CultureInfo.InvariantCulture)] = Material(policy, material, exportType);
        }

        return VaultResponse.WithData(new JsonObject { ["name"] = policy.Settings.Name, ["type"] = policy.Settings.Type, ["keys"] = keys });
    }

    /// <summary>Every version when none is named; else the one named, with Vault's checks and messages.</summary>
    private static IEnumerable<KeyValuePair<long, KeyVersion>> Selected(KeyPolicy policy, string requested)
    {
        if (requested.Length == 0)
        {
            return policy.Versions;
        }

        long number;
        if (requested == "latest")
        {
            number = policy.Settings.LatestVersion;
        }
        else if (!long.TryParse(requested.StartsWith('v') ? requested[1..] : requested, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
        {
            throw VaultException.InvalidRequest("invalid key version");
        }

        if (number < policy.Settings.MinDecryptionVersion)
        {
            throw VaultException.InvalidRequest("version for export is below minimum decryption version");
        }

        var found = policy.Versions.Where(pair => pair.Key == number).ToArray();
        return found.Length == 0 ? throw VaultException.InvalidRequest("version does not exist or cannot be found") : found;
    }

    /// <summary>
    /// Vault's getExportKey for the symmetric and hmac types. Signing-key and public-key exports of the asymmetric
    /// types are left to the code that owns those types.
    /// </summary>
    private static string Material(KeyPolicy policy, KeyVersion version, string exportType)
    {
        var type = policy.KeyType;
        var symmetric = TransitKeyTypes.IsAead(type) || type == TransitKeyType.Hmac;
        return exportType switch
        {
            HmacKey => Convert.ToBase64String(type == TransitKeyType.Hmac ? version.Key : version.HmacKey),
            EncryptionKey when TransitKeyTypes.IsAead(type) => Convert.ToBase64String(version.Key),
            EncryptionKey when type == TransitKeyType.Hmac => throw VaultException.InvalidRequest("encryption not supported for the key"),
            SigningKey when symmetric => throw VaultException.InvalidRequest("signing not supported for the key"),
            CertificateChain when symmetric => throw VaultException.InvalidRequest("certificate chain not supported for keys that do not support signing"),
            _ => throw VaultException.InvalidRequest($"unknown key type {policy.Settings.Type} for export type {exportType}"),
        };
    }
}
