using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Audit;

/// <summary>
/// Vault's audit HMAC: "hmac-sha256:" + hex(HMAC-SHA256(key = the device's salt string, message = the value)).
/// An operator finds a known value in the log by asking sys/audit-hash for the same string.
/// </summary>
internal sealed class AuditHasher(string salt, bool logRaw) : IDisposable
{
    public const string Prefix = "hmac-sha256:";

    private static ReadOnlySpan<byte> PrefixUtf8 => "hmac-sha256:"u8;

    /// <summary>Instances kept for reuse: a keyed instance skips the key schedule that a one-shot HMAC redoes per call.</summary>
    private const int PoolSize = 16;

    private readonly byte[] _key = Encoding.UTF8.GetBytes(salt);
    /// <summary>Remembered HMACs of tokens and accessors; cleared whole when full, as it is only a shortcut.</summary>
    private const int CacheSize = 10_000;

    private readonly ConcurrentQueue<HMACSHA256> _pool = new();
    private readonly ConcurrentDictionary<string, string> _cached = new(StringComparer.Ordinal);

    /// <summary>The HMAC form of a value, whatever log_raw says (sys/audit-hash).</summary>
    public static string Hmac(string salt, string value) => Hmac(Encoding.UTF8.GetBytes(salt), value);

    /// <summary>The value as this device logs it: hashed, or as it is with log_raw.</summary>
    public string Hash(string value)
    {
        if (logRaw)
        {
            return value;
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        ComputeMac(Encoding.UTF8.GetBytes(value), mac);
        return Prefix + Convert.ToHexStringLower(mac);
    }

    private void ComputeMac(ReadOnlySpan<byte> message, Span<byte> mac)
    {
        var hmac = _pool.TryDequeue(out var pooled) ? pooled : new HMACSHA256(_key);
        try
        {
            hmac.TryComputeHash(message, mac, out _);
        }
        finally
        {
            if (_pool.Count < PoolSize)
            {
                _pool.Enqueue(hmac);
            }
            else
            {
                hmac.Dispose();
            }
        }
    }

    /// <summary>
    /// <see cref="Hash"/> of <paramref name="value"/>, remembered under <paramref name="cacheKey"/>, which must never be
    /// a secret itself (a token's storage key or an accessor) and must always stand for the same value.
    /// </summary>
    public string HashCached(string cacheKey, string value)
    {
        if (logRaw)
        {
            return value;
        }

        if (_cached.TryGetValue(cacheKey, out var known))
        {
            return known;
        }

        if (_cached.Count >= CacheSize)
        {
            _cached.Clear();
        }

        return _cached[cacheKey] = Hash(value);
    }

    public void Dispose()
    {
        while (_pool.TryDequeue(out var hmac))
        {
            hmac.Dispose();
        }
    }

    /// <summary>
    /// Writes <paramref name="node"/> with every string hashed, at any depth; numbers, bools and nulls are kept, as
    /// are the values of <paramref name="plainKeys"/> (a mount's audit_non_hmac_*_keys).
    /// </summary>
    public void WriteHashed(Utf8JsonWriter writer, JsonNode? node, IReadOnlyList<string> plainKeys)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj)
                {
                    writer.WritePropertyName(key);
                    if (plainKeys.Count > 0 && plainKeys.Contains(key, StringComparer.Ordinal))
                    {
                        AuditEntryFormatter.WriteNode(writer, value);
                    }
                    else
                    {
                        WriteHashed(writer, value, plainKeys);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteHashed(writer, item, plainKeys);
                }

                writer.WriteEndArray();
                break;
            default:
                if (node.GetValueKind() == JsonValueKind.String)
                {
                    WriteHashedString(writer, node.GetValue<string>());
                }
                else
                {
                    node.WriteTo(writer);
                }

                break;
        }
    }

    /// <summary>Writes the hashed form of one string value without building it as a string first.</summary>
    private void WriteHashedString(Utf8JsonWriter writer, string value)
    {
        if (logRaw)
        {
            writer.WriteStringValue(value);
            return;
        }

        const int StackLimit = 512;
        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var utf8 = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(value, utf8);
            Span<byte> text = stackalloc byte[PrefixUtf8.Length + (2 * HMACSHA256.HashSizeInBytes)];
            PrefixUtf8.CopyTo(text);
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            ComputeMac(utf8[..written], mac);
            Convert.TryToHexStringLower(mac, text[PrefixUtf8.Length..], out _);
            writer.WriteStringValue(text);
        }
        finally
        {
            if (rented is not null)
            {
                CryptographicOperations.ZeroMemory(rented);
                ArrayPool<byte>.Shared.Return(rented);
            }
            else
            {
                CryptographicOperations.ZeroMemory(utf8);
            }
        }
    }

    private static string Hmac(byte[] key, string value)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value), mac);
        return Prefix + Convert.ToHexStringLower(mac);
    }
}
