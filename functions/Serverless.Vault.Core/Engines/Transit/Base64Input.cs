using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>Standard base64 (with padding) as Go's decoder takes it, failing with Go's wording and no echo of the input.</summary>
internal static class Base64Input
{
    public static byte[] Decode(string text, string prefix = "") =>
        TryDecode(text, out var bytes) ? bytes : throw VaultException.InvalidRequest(prefix + Error(text));

    /// <summary>The characters .NET's decoder would skip.</summary>
    private static readonly SearchValues<char> Whitespace = SearchValues.Create(" \t\r\n");

    /// <summary>Decodes; an empty string is empty bytes.</summary>
    public static bool TryDecode(string text, out byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        // .NET skips spaces inside base64 and Go does not: refuse them first, so both accept exactly the same strings.
        // (Any other character fails the decode itself; a vectorised search keeps this off the encrypt hot path.)
        if (text.AsSpan().IndexOfAny(Whitespace) >= 0)
        {
            bytes = [];
            return false;
        }

        if (text.Length == 0)
        {
            // Most optional fields (context, associated_data, nonce) are absent: no allocation for them.
            bytes = [];
            return true;
        }

        // Sized exactly from the padding, so the hot path (1 KiB and more per item) decodes once and copies nothing;
        // the generous buffer and trim below only run for input the exact size does not fit (then it fails anyway).
        var exact = new byte[DecodedLength(text)];
        if (TryDecodeAscii(text, exact))
        {
            bytes = exact;
            return true;
        }

        var buffer = new byte[text.Length * 3 / 4];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            bytes = buffer[..written];
            return true;
        }

        bytes = [];
        return false;
    }

    /// <summary>
    /// Decodes a parsed JSON string straight from the request's UTF-8 bytes, without the UTF-16 string that reading
    /// the field builds (a copy of the whole plaintext, then decoded by the slower UTF-16 decoder). Null when this
    /// cannot give exactly what <see cref="TryDecode"/> of the string gives: a value not read from a request body, an
    /// escape other than the '+' and '/' that JSON writers escape, a space, or input that does not decode. The caller
    /// then reads the string and decodes it as before, errors included.
    /// </summary>
    public static byte[]? TryDecodeJsonString(JsonNode? node) =>
        TryGetRawJsonString(node, out var raw) ? TryDecodeRawJsonString(raw) : null;

    /// <summary>
    /// The raw UTF-8 of a JSON string value read from a request body, between the quotes and with escapes not applied;
    /// false for anything else (a value built in code, another JSON type).
    /// </summary>
    public static bool TryGetRawJsonString(JsonNode? node, out ReadOnlySpan<byte> raw)
    {
        if (node is not JsonValue value || !value.TryGetValue<JsonElement>(out var element) || element.ValueKind != JsonValueKind.String)
        {
            raw = default;
            return false;
        }

        raw = RawJsonString(element);
        return true;
    }

    /// <summary>The raw UTF-8 of a JSON string element, between the quotes and with escapes not applied.</summary>
    public static ReadOnlySpan<byte> RawJsonString(JsonElement element) =>
        element.ValueKind == JsonValueKind.String
            ? JsonMarshal.GetRawUtf8Value(element)[1..^1] // the raw value of a string token includes its quotes
            : throw new ArgumentException("The element is not a string.", nameof(element));

    /// <summary>At most how many bytes <paramref name="raw"/> decodes to (escapes only ever shorten the text).</summary>
    public static int MaxDecodedLength(ReadOnlySpan<byte> raw) => raw.Length / 4 * 3;

    /// <summary>
    /// <see cref="TryDecodeJsonString(JsonNode?)"/> on a JSON string's raw UTF-8 (between the quotes, escapes not
    /// applied). Unescaped by hand: .NET's own route (unescape into a pooled copy, decode in place, copy out, wipe) cost
    /// more than the AES-GCM seal of the same kilobyte on the 2-core VM.
    /// </summary>
    public static byte[]? TryDecodeRawJsonString(ReadOnlySpan<byte> raw)
    {
        var buffer = new byte[MaxDecodedLength(raw)];
        if (!TryDecodeRawJsonString(raw, buffer, out var written))
        {
            CryptographicOperations.ZeroMemory(buffer);
            return null;
        }

        // Sized for the text without padding or escapes, which the hot path's input has: then no copy is made.
        if (written == buffer.Length)
        {
            return buffer;
        }

        var exact = buffer[..written];
        CryptographicOperations.ZeroMemory(buffer);
        return exact;
    }

    /// <summary>
    /// Decodes a JSON string's raw UTF-8 into <paramref name="destination"/> (at least <see cref="MaxDecodedLength"/>
    /// bytes), without the UTF-16 string that reading the value builds; false in the cases described at
    /// <see cref="TryDecodeJsonString(JsonNode?)"/>, and then whatever was written must be wiped by the caller.
    /// </summary>
    public static bool TryDecodeRawJsonString(ReadOnlySpan<byte> raw, Span<byte> destination, out int written)
    {
        if (raw.IndexOfAny((byte)' ', (byte)'\\') < 0)
        {
            return TryDecodeExact(raw, destination, out written);
        }

        // The copy holds the plaintext's base64: what was written is wiped before the array goes back to the shared pool.
        var rented = ArrayPool<byte>.Shared.Rent(raw.Length);
        var unescaped = 0;
        try
        {
            written = 0;
            return TryUnescapeBase64(raw, rented, out unescaped) && TryDecodeExact(rented.AsSpan(0, unescaped), destination, out written);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rented.AsSpan(0, unescaped));
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Padded standard base64, nothing else (no whitespace reaches here), decoded in full into <paramref name="destination"/>.</summary>
    private static bool TryDecodeExact(ReadOnlySpan<byte> base64, Span<byte> destination, out int written)
    {
        written = 0;
        if (base64.Length % 4 != 0)
        {
            return false;
        }

        var padding = base64.EndsWith("=="u8) ? 2 : base64.EndsWith("="u8) ? 1 : 0;
        var length = base64.Length == 0 ? 0 : (base64.Length / 4 * 3) - padding;
        return length <= destination.Length
            && Base64.DecodeFromUtf8(base64, destination[..length], out var consumed, out written) == OperationStatus.Done
            && consumed == base64.Length && written == length;
    }

    /// <summary>
    /// Applies the escapes JSON writers use in base64 (<c>\/</c>, <c>\u002B</c>, <c>\u002F</c>, either case); false
    /// on a space or any other escape, which could hide whitespace that .NET's decoder skips and Go's refuses (raw JSON
    /// strings hold no tabs or line breaks). The caller then takes the string path, errors included.
    /// </summary>
    private static bool TryUnescapeBase64(ReadOnlySpan<byte> raw, Span<byte> destination, out int written)
    {
        written = 0;
        for (var i = raw.IndexOfAny((byte)' ', (byte)'\\'); i >= 0; i = raw.IndexOfAny((byte)' ', (byte)'\\'))
        {
            raw[..i].CopyTo(destination[written..]);
            written += i;
            var escape = raw[i] == ' ' ? [] : raw[(i + 1)..];
            if (escape.Length >= 1 && escape[0] == '/')
            {
                destination[written++] = (byte)'/';
                raw = escape[1..];
            }
            else if (escape.Length >= 5 && escape[..4].SequenceEqual("u002"u8) && (escape[4] | 0x20) is (byte)'b' or (byte)'f')
            {
                destination[written++] = (escape[4] | 0x20) == 'b' ? (byte)'+' : (byte)'/';
                raw = escape[5..];
            }
            else
            {
                return false;
            }
        }

        raw.CopyTo(destination[written..]);
        written += raw.Length;
        return true;
    }

    /// <summary>
    /// The common case, well-formed input of exactly <paramref name="exact"/>'s size, decoded as ASCII bytes: .NET's
    /// UTF-8 base64 decoder is vectorised and its UTF-16 one is not (about 0.1 us against 0.9 us for 1 KiB). Anything
    /// else (non-ASCII, a size mismatch) returns false and takes the general path, so the accepted strings stay those of
    /// <see cref="Convert.TryFromBase64String"/>; whitespace, which only that one skips, was refused before.
    /// </summary>
    private static bool TryDecodeAscii(string text, byte[] exact)
    {
        var ascii = ArrayPool<byte>.Shared.Rent(text.Length);
        try
        {
            return Ascii.FromUtf16(text, ascii, out var length) == OperationStatus.Done
                && Base64.DecodeFromUtf8(ascii.AsSpan(0, length), exact, out _, out var written) == OperationStatus.Done
                && written == exact.Length;
        }
        finally
        {
            // The text encodes a plaintext: wipe the copy before the array goes back to the shared pool.
            ArrayPool<byte>.Shared.Return(ascii, clearArray: true);
        }
    }

    /// <summary>The byte count a well-formed padded string decodes to (no whitespace: refused before this).</summary>
    private static int DecodedLength(string text)
    {
        var padding = text.EndsWith("==", StringComparison.Ordinal) ? 2 : text.EndsWith('=') ? 1 : 0;
        return Math.Max(0, text.Length / 4 * 3 - padding);
    }

    /// <summary>Go's "illegal base64 data at input byte N": the first character outside the alphabet, else the end.</summary>
    public static string Error(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var position = text.TakeWhile(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/').Count();
        if (position == text.Length || text[position] == '=')
        {
            position = Math.Min(position, text.Length - text.Length % 4);
        }

        return $"illegal base64 data at input byte {position}";
    }
}
