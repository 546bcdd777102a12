using System.Globalization;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// Vault's "vault:v&lt;N&gt;:&lt;base64&gt;" strings (ciphertexts, HMACs): the version and the still-encoded payload.
/// </summary>
internal readonly record struct VersionedValue(long Version, string Payload)
{
    public const string Prefix = "vault:v";

    public static string Format(long version, ReadOnlySpan<byte> payload) =>
        Prefix + version.ToString(CultureInfo.InvariantCulture) + ":" + Convert.ToBase64String(payload);

    /// <summary>Parses; <paramref name="what"/> names the value in errors ("ciphertext", "HMAC").</summary>
    public static VersionedValue Parse(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw VaultException.InvalidRequest($"invalid {what}: no prefix");
        }

        var rest = text[Prefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw VaultException.InvalidRequest($"invalid {what}: wrong number of fields");
        }

        var digits = rest[..colon];
        if (digits.Length == 0 || digits.Length > 18 || !digits.All(char.IsAsciiDigit))
        {
            throw VaultException.InvalidRequest($"invalid {what}: version number could not be decoded");
        }

        var version = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        // Vault still reads "v0" as version 1 for ciphertexts of its very first release; this engine never wrote
        // version 0, so such a value can only be forged or corrupted.
        return version == 0
            ? throw VaultException.InvalidRequest($"invalid {what}: version 0 does not exist; key versions start at 1")
            : new VersionedValue(version, rest[(colon + 1)..]);
    }
}
