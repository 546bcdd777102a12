using System.Security.Cryptography;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// Vault's hash algorithm names for hash/ and hmac/. .NET has no SHA-224 (<see cref="Sha224"/> fills in) nor the
/// truncated SHA-512 variants, and SHA-3 exists only where the platform's crypto library has it: names without an
/// implementation here are refused with a 400.
/// </summary>
internal static class TransitHashes
{
    public const string Default = "sha2-256";

    public static byte[] Hash(string algorithm, byte[] input) => algorithm switch
    {
        "sha2-224" => Sha224.HashData(input),
        "sha2-256" => SHA256.HashData(input),
        "sha2-384" => SHA384.HashData(input),
        "sha2-512" => SHA512.HashData(input),
        "sha3-256" when SHA3_256.IsSupported => SHA3_256.HashData(input),
        "sha3-384" when SHA3_384.IsSupported => SHA3_384.HashData(input),
        "sha3-512" when SHA3_512.IsSupported => SHA3_512.HashData(input),
        _ => throw Unsupported(algorithm),
    };

    public static byte[] Hmac(string algorithm, byte[] key, byte[] input) => algorithm switch
    {
        "sha2-224" => Sha224.Hmac(key, input),
        "sha2-256" => HMACSHA256.HashData(key, input),
        "sha2-384" => HMACSHA384.HashData(key, input),
        "sha2-512" => HMACSHA512.HashData(key, input),
        "sha3-256" when HMACSHA3_256.IsSupported => HMACSHA3_256.HashData(key, input),
        "sha3-384" when HMACSHA3_384.IsSupported => HMACSHA3_384.HashData(key, input),
        "sha3-512" when HMACSHA3_512.IsSupported => HMACSHA3_512.HashData(key, input),
        _ => throw Unsupported(algorithm),
    };

    private static VaultException Unsupported(string algorithm) =>
        VaultException.InvalidRequest(algorithm is "sha3-224" or "sha2-512/224" or "sha2-512/256"
            ? $"algorithm {algorithm} is not supported by this server"
            : $"unsupported algorithm {algorithm}");
}
