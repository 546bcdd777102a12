using System.Buffers;
using System.Security.Cryptography;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// One pooled array that an encrypt request's plaintexts are decoded into in turn: a batch of 100 x 1 KiB no longer
/// makes 100 arrays of plaintext that all live until the batch ends. What an item put here is wiped before the next
/// item's plaintext is decoded, and when the buffer goes back to the pool.
/// </summary>
internal sealed class PlaintextBuffer : IDisposable
{
    private byte[] _array = [];
    private int _length;

    /// <summary>The plaintext of the last <see cref="Decode"/>.</summary>
    public ReadOnlySpan<byte> Current => _array.AsSpan(0, _length);

    /// <summary>
    /// Decodes the item's base64 plaintext: from the request body's bytes in place when it came as a body string, else
    /// (and for anything that path does not take) from the string, with Go's error for bad input.
    /// </summary>
    public void Decode(BatchItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        Wipe();
        if (item.PlaintextJson is { } json)
        {
            var raw = Base64Input.RawJsonString(json);
            Ensure(Base64Input.MaxDecodedLength(raw));
            if (Base64Input.TryDecodeRawJsonString(raw, _array, out var written))
            {
                _length = written;
                return;
            }

            CryptographicOperations.ZeroMemory(_array);
        }

        var decoded = Base64Input.Decode(item.PlaintextJson?.GetString() ?? item.Plaintext);
        Ensure(decoded.Length);
        decoded.CopyTo(_array, 0);
        _length = decoded.Length;
        CryptographicOperations.ZeroMemory(decoded);
    }

    public void Dispose()
    {
        // Only the current plaintext can be in the array: a failed decode wipes it all, and growing wipes the old one.
        Wipe();
        if (_array.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
        }
    }

    private void Wipe()
    {
        CryptographicOperations.ZeroMemory(_array.AsSpan(0, _length));
        _length = 0;
    }

    private void Ensure(int length)
    {
        if (_array.Length >= length)
        {
            return;
        }

        if (_array.Length != 0)
        {
            CryptographicOperations.ZeroMemory(_array);
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = ArrayPool<byte>.Shared.Rent(length);
    }
}
