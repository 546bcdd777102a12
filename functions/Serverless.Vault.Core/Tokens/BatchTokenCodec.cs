using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.Vault.Core.Barrier;

namespace Serverless.Vault.Core.Tokens;

/// <summary>
/// Batch tokens: the whole entry, AES-256-GCM encrypted under a vault-wide key kept behind the barrier, is the token.
/// Creating one writes nothing and checking one reads nothing (once the key is in memory): a tampered or foreign
/// token simply fails to decrypt.
/// </summary>
internal sealed class BatchTokenCodec(IBarrier barrier)
{
    private const byte FormatVersion = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    /// <summary>Binds the ciphertext to its purpose, so no other value sealed with this key can pass as a token.</summary>
    private static readonly byte[] AssociatedData = "serverless-vault/batch-token/v1"u8.ToArray();

    private byte[]? _key;

    public async Task<string> SealAsync(TokenEntry entry, CancellationToken cancellationToken)
    {
        var key = _key ?? await LoadKeyAsync(cancellationToken).ConfigureAwait(false);
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(Payload.From(entry));
        var sealedBytes = new byte[1 + NonceBytes + plaintext.Length + TagBytes];
        sealedBytes[0] = FormatVersion;
        var nonce = sealedBytes.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagBytes))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(1 + NonceBytes, plaintext.Length), sealedBytes.AsSpan(1 + NonceBytes + plaintext.Length), AssociatedData);
        }

        CryptographicOperations.ZeroMemory(plaintext);
        return TokenTypes.BatchPrefix + Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>The entry inside a batch token, or null when the token is malformed, tampered with or not ours.</summary>
    public async Task<TokenEntry?> OpenAsync(string token, CancellationToken cancellationToken)
    {
        byte[] sealedBytes;
        try
        {
            sealedBytes = Base64Url.DecodeFromChars(token.AsSpan(TokenTypes.BatchPrefix.Length));
        }
        catch (FormatException)
        {
            return null;
        }

        if (sealedBytes.Length <= 1 + NonceBytes + TagBytes || sealedBytes[0] != FormatVersion)
        {
            return null;
        }

        var key = _key ?? await LoadKeyAsync(cancellationToken).ConfigureAwait(false);
        var length = sealedBytes.Length - 1 - NonceBytes - TagBytes;
        var plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(
                sealedBytes.AsSpan(1, NonceBytes),
                sealedBytes.AsSpan(1 + NonceBytes, length),
                sealedBytes.AsSpan(1 + NonceBytes + length),
                plaintext,
                AssociatedData);
            return JsonSerializer.Deserialize<Payload>(plaintext)?.ToEntry();
        }
        catch (Exception ex) when (ex is AuthenticationTagMismatchException or JsonException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private async Task<byte[]> LoadKeyAsync(CancellationToken cancellationToken) =>
        _key = await TokenSecrets.LoadOrCreateAsync(barrier.Storage, TokenStoragePaths.BatchKey, cancellationToken).ConfigureAwait(false);

    /// <summary>What a batch token carries, with short names: the token travels in every request header.</summary>
    private sealed record Payload(
        [property: JsonPropertyName("p")] IReadOnlyList<string> Policies,
        [property: JsonPropertyName("pa")] string Parent,
        [property: JsonPropertyName("pt")] string Path,
        [property: JsonPropertyName("dn")] string DisplayName,
        [property: JsonPropertyName("m")] IReadOnlyDictionary<string, string>? Meta,
        [property: JsonPropertyName("ct")] long CreationTime,
        [property: JsonPropertyName("ttl")] long Ttl,
        [property: JsonPropertyName("ex")] long ExpireTime,
        [property: JsonPropertyName("r")] string Role)
    {
        public static Payload From(TokenEntry entry) =>
            new(entry.Policies, entry.Parent, entry.Path, entry.DisplayName, entry.Meta, entry.CreationTime, entry.Ttl, entry.ExpireTime, entry.Role);

        public TokenEntry ToEntry() => new()
        {
            Accessor = "",
            Policies = Policies,
            Path = Path,
            DisplayName = DisplayName,
            Meta = Meta,
            Parent = Parent,
            CreationTime = CreationTime,
            Ttl = Ttl,
            ExpireTime = ExpireTime,
            Role = Role,
            Type = TokenTypes.Batch,
        };
    }
}
