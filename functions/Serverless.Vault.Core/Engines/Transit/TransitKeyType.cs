namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>The key types this increment can create and use.</summary>
internal enum TransitKeyType
{
    Aes128Gcm96,
    Aes256Gcm96,
    ChaCha20Poly1305,
    Hmac,
}
