using System.Security.Cryptography;
using System.Text;

namespace Serverless.Vault.Core.Barrier;

/// <summary>
/// A seal whose 256-bit key-encryption key comes from configuration or a key file (dev mode and self-hosting).
/// Wrapped form: nonce (12) | ciphertext | tag (16), AES-256-GCM.
/// </summary>
public sealed class LocalSeal : ISeal, IDisposable
{
    public const string SealType = "local";

    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    // Binds wrapped keys to this purpose and format, so bytes wrapped by the same key for anything else do not unwrap.
    private static readonly byte[] AssociatedData = Encoding.ASCII.GetBytes("serverless-vault/local-seal/v1");

    private readonly byte[] _key;

    private LocalSeal(byte[] key)
    {
        if (key.Length != KeySize)
        {
            CryptographicOperations.ZeroMemory(key);
            throw new ArgumentException($"The local seal key must be {KeySize} bytes (256 bits); it has {key.Length}. Generate one with `openssl rand -base64 32`.", nameof(key));
        }

        _key = key;
    }

    public string Type => SealType;

    /// <summary>Creates the seal from a base64 key as found in configuration.</summary>
    public static LocalSeal FromBase64(string base64Key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(base64Key);
        try
        {
            return new LocalSeal(Convert.FromBase64String(base64Key.Trim()));
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("The local seal key is not valid base64. Generate one with `openssl rand -base64 32`.", nameof(base64Key), ex);
        }
    }

    /// <summary>Creates the seal from a key file holding either the base64 key or exactly 32 raw bytes.</summary>
    public static LocalSeal FromKeyFile(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == KeySize)
        {
            return new LocalSeal(bytes);
        }

        try
        {
            return FromBase64(Encoding.ASCII.GetString(bytes));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Creates the seal from raw key bytes (copied).</summary>
    public static LocalSeal FromKey(ReadOnlySpan<byte> key) => new(key.ToArray());

    public Task<byte[]> WrapAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken)
    {
        var output = new byte[NonceSize + key.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, key.Span, output.AsSpan(NonceSize, key.Length), output.AsSpan(NonceSize + key.Length), AssociatedData);
        return Task.FromResult(output);
    }

    public Task<byte[]> UnwrapAsync(ReadOnlyMemory<byte> wrappedKey, CancellationToken cancellationToken)
    {
        var wrapped = wrappedKey.Span;
        if (wrapped.Length < NonceSize + TagSize)
        {
            throw new SealUnavailableException("The wrapped root key is too short to have been wrapped by the local seal.");
        }

        var plaintext = new byte[wrapped.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(wrapped[..NonceSize], wrapped[NonceSize..^TagSize], wrapped[^TagSize..], plaintext, AssociatedData);
            return Task.FromResult(plaintext);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new SealUnavailableException("The local seal key does not unwrap the root key: the configured key is not the one the vault was initialised with.", innerException: ex);
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}
