using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Serverless.Vault.Http;

/// <summary>
/// A request body in an array borrowed from <see cref="ArrayPool{T}"/>, and the JSON document read in place from it,
/// both owned by the HTTP request: a fresh array per body put every batch request (about 140 KB for 100 x 1 KiB) on
/// the large object heap, and those arrays brought on a full collection every few requests.
/// Disposed when the request is over (registered with the response): the document first, so that a node still held
/// anywhere throws <see cref="ObjectDisposedException"/> instead of reading a later request's bytes, then the bytes,
/// which can hold secrets, are wiped before the array goes back to the pool.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private byte[]? _array;

    private RequestBody(byte[]? array, int length)
    {
        _array = array;
        Length = length;
    }

    public static RequestBody Empty { get; } = new(null, 0);

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _array is { } array ? array.AsMemory(0, Length) : ReadOnlyMemory<byte>.Empty;

    /// <summary>The document parsed from <see cref="Memory"/>, disposed with the body.</summary>
    public JsonDocument? Document { get; private set; }

    /// <summary>
    /// Gives the body the document parsed from its bytes, to be disposed with it. The shared <see cref="Empty"/> body
    /// has no bytes to parse and takes none: a document on it would outlive its request and be seen by every other.
    /// </summary>
    public void Own(JsonDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (_array is null || Document is not null)
        {
            throw new InvalidOperationException("only a body with bytes takes a document, and only one");
        }

        Document = document;
    }

    /// <summary>Takes ownership of <paramref name="rented"/> (from <see cref="ArrayPool{T}.Shared"/>).</summary>
    public static RequestBody FromRented(byte[] rented, int length) => length == 0 ? ReturnEmpty(rented) : new(rented, length);

    public void Dispose()
    {
        Document?.Dispose();
        Document = null;
        if (Interlocked.Exchange(ref _array, null) is { } array)
        {
            CryptographicOperations.ZeroMemory(array.AsSpan(0, Length));
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private static RequestBody ReturnEmpty(byte[] rented)
    {
        ArrayPool<byte>.Shared.Return(rented);
        return Empty;
    }
}
