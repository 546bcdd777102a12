namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>The key types this engine can create and use.</summary>
internal enum TransitKeyType
{
    Aes128Gcm96,
    Aes256Gcm96,
    ChaCha20Poly1305,
    Hmac,
    Ed25519,
    EcdsaP256,
    EcdsaP384,
    EcdsaP521,
    Rsa2048,
    Rsa3072,
    Rsa4096,
}
