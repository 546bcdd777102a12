using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Serverless.Vault.Core.Tokens;

/// <summary>
/// HMAC-SHA256 of token ids under the vault's salt, run on every request. Each thread keeps one keyed HMAC and resets
/// it after use: the one-shot HMAC sets up a new native context and key schedule per call, which cost about as much
/// as the rest of the token check together.
/// </summary>
internal sealed class TokenHasher(byte[] salt)
{
    /// <summary>Token ids (service tokens, and most batch tokens) fit on the stack; longer ones use a pooled array.</summary>
    private const int StackBytes = 512;

    private readonly ThreadLocal<IncrementalHash> _hmac = new(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, salt));

    /// <summary>Characters in a hash: lower-case hex of the 32-byte HMAC.</summary>
    public const int HexLength = HMACSHA256.HashSizeInBytes * 2;

    /// <summary>Lower-case hex of the HMAC of the token's UTF-8 bytes.</summary>
    public string Hash(string token)
    {
        Span<char> hex = stackalloc char[HexLength];
        Hash(token, hex);
        return new string(hex);
    }

    /// <summary>Writes the hash into <paramref name="hex"/> (<see cref="HexLength"/> characters), for lookups that need no string.</summary>
    public void Hash(string token, Span<char> hex)
    {
        ArgumentNullException.ThrowIfNull(token);
        var length = Encoding.UTF8.GetMaxByteCount(token.Length);
        var rented = length > StackBytes ? ArrayPool<byte>.Shared.Rent(length) : null;
        var utf8 = rented is null ? stackalloc byte[StackBytes] : rented.AsSpan();
        var written = Encoding.UTF8.GetBytes(token, utf8);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        try
        {
            var hmac = _hmac.Value!;
            hmac.AppendData(utf8[..written]);
            hmac.GetHashAndReset(mac);
        }
        finally
        {
            // The bytes are the token itself: wipe them before the stack frame or the pooled array is reused.
            CryptographicOperations.ZeroMemory(utf8[..written]);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        if (!Convert.TryToHexStringLower(mac, hex, out var hexWritten) || hexWritten != HexLength)
        {
            throw new ArgumentException($"the hash needs {HexLength} characters", nameof(hex));
        }
    }
}
