using System.Security.Cryptography;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>One version's decoded key material, held only while its <see cref="KeyPolicy"/> is in use.</summary>
internal sealed class KeyVersion
{
    public KeyVersion(KeyVersionRecord record, ITransitAeadFactory? aeads = null)
    {
        Aeads = new AeadPool(aeads);
        Key = Convert.FromBase64String(record.Key);
        HmacKey = Convert.FromBase64String(record.HmacKey);
        CreationTime = record.CreationTime;
        PublicKey = record.PublicKey ?? "";
    }

    public byte[] Key { get; }

    public byte[] HmacKey { get; }

    public DateTimeOffset CreationTime { get; }

    /// <summary>Asymmetric types only (else empty): PEM, or for ed25519 base64 of the raw 32 bytes.</summary>
    public string PublicKey { get; }

    /// <summary>Keyed ciphers for this version's stored key, reused across requests while the version is cached.</summary>
    public AeadPool Aeads { get; }

    public void Zero()
    {
        Aeads.Clear();
        CryptographicOperations.ZeroMemory(Key);
        CryptographicOperations.ZeroMemory(HmacKey);
    }
}
