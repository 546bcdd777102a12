using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>The mount's RSA-4096 import wrapping key as stored behind the barrier (see <see cref="TransitStorageKeys.WrappingKey"/>).</summary>
internal sealed record WrappingKeyRecord
{
    /// <summary>Vault's wrapping key size: its import clients split the ciphertext after 512 bytes of RSA output.</summary>
    public const int KeyBits = 4096;

    /// <summary>PKCS#8 DER in base64.</summary>
    [JsonPropertyName("private_key")]
    public required string PrivateKey { get; init; }

    /// <summary>SubjectPublicKeyInfo PEM, as wrapping_key answers it.</summary>
    [JsonPropertyName("public_key")]
    public required string PublicKey { get; init; }

    [JsonPropertyName("creation_time")]
    public required DateTimeOffset CreationTime { get; init; }

    public static WrappingKeyRecord Generate(DateTimeOffset now)
    {
        using var rsa = RSA.Create(KeyBits);
        var pkcs8 = rsa.ExportPkcs8PrivateKey();
        try
        {
            return new WrappingKeyRecord { PrivateKey = Convert.ToBase64String(pkcs8), PublicKey = rsa.ExportSubjectPublicKeyInfoPem(), CreationTime = now };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }
}
