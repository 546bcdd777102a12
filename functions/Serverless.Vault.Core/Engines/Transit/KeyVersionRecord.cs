using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>One version of a key as stored: its material in base64 (behind the barrier) and when it was made.</summary>
internal sealed record KeyVersionRecord
{
    /// <summary>The encryption key, or for hmac keys the HMAC key itself.</summary>
    [JsonPropertyName("key")]
    public required string Key { get; init; }

    /// <summary>A separate random key for hmac/:name on encryption keys, as Vault gives every version.</summary>
    [JsonPropertyName("hmac_key")]
    public required string HmacKey { get; init; }

    [JsonPropertyName("creation_time")]
    public required DateTimeOffset CreationTime { get; init; }

    /// <summary>Asymmetric types: the public key as the key read shows it (PEM; ed25519 base64 of 32 bytes); absent otherwise.</summary>
    [JsonPropertyName("public_key")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PublicKey { get; init; }

    /// <summary>Fresh random material for a new version; the temporary byte arrays are zeroed once encoded.</summary>
    public static KeyVersionRecord Generate(TransitKeyType type, int hmacKeySize, DateTimeOffset now)
    {
        if (TransitKeyTypes.IsAsymmetric(type))
        {
            return AsymmetricKeys.Generate(type, now);
        }

        var key = RandomNumberGenerator.GetBytes(TransitKeyTypes.KeyLength(type, hmacKeySize));
        // Vault's hmac type uses the key itself as the HMAC key; the others get 32 random bytes of their own.
        var hmac = type == TransitKeyType.Hmac ? key : RandomNumberGenerator.GetBytes(32);
        try
        {
            return new KeyVersionRecord { Key = Convert.ToBase64String(key), HmacKey = Convert.ToBase64String(hmac), CreationTime = now };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(hmac);
        }
    }
}
