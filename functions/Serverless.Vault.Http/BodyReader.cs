using System.Buffers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Http;

/// <summary>Reads a request body into a pooled array, never buffering more than the limit plus one byte.</summary>
internal static class BodyReader
{
    /// <summary>
    /// The largest announced body read into an array allocated up front (a batch of 100 x 1 KiB is about 140 KB).
    /// Larger ones grow with what actually arrives, so a client cannot make the server set aside the whole request
    /// limit per connection by announcing a body it never sends.
    /// </summary>
    private const long AnnouncedReadMax = 256 * 1024;

    /// <summary>The first array of a body read without an announced length (or a longer one); it doubles as it fills.</summary>
    private const int InitialChunk = 16 * 1024;

    /// <summary>The body in a pooled array; the caller disposes it (wiped and returned) when the request is over.</summary>
    public static async Task<RequestBody> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw VaultException.PayloadTooLarge(limit);
        }

        // Let the server read one byte past our limit, so that we, not Kestrel, answer an oversized chunked body.
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit + 1;
        }

        // Most GETs carry no body at all (no length, not chunked): nothing to read, not even an empty one.
        if (request.ContentLength == 0 || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return RequestBody.Empty;
        }

        // An announced length (checked against the limit above) sizes the array once; without one, or beyond what is
        // set aside up front, the array grows with what actually arrives.
        var rented = ArrayPool<byte>.Shared.Rent(request.ContentLength is { } length and <= AnnouncedReadMax ? (int)length : InitialChunk);
        var filled = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(rented.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
            {
                filled += read;
                if (filled > limit)
                {
                    throw VaultException.PayloadTooLarge(limit);
                }

                if (request.ContentLength == filled)
                {
                    // HTTP/1.1 frames the body by its length: nothing more can come (Kestrel refuses a longer one).
                    break;
                }

                if (filled == rented.Length)
                {
                    rented = Grow(rented, filled, limit);
                }
            }
        }
        catch (Exception error)
        {
            Release(rented, filled);
            if (error is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                throw VaultException.PayloadTooLarge(limit);
            }

            throw;
        }

        return RequestBody.FromRented(rented, filled);
    }

    /// <summary>
    /// A pooled array twice the size (no more than one byte past the limit) holding the first <paramref name="filled"/>
    /// bytes; the old one wiped and returned.
    /// </summary>
    private static byte[] Grow(byte[] rented, int filled, long limit)
    {
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(rented.Length * 2L, limit + 1));
        rented.AsSpan(0, filled).CopyTo(larger);
        Release(rented, filled);
        return larger;
    }

    private static void Release(byte[] rented, int filled)
    {
        CryptographicOperations.ZeroMemory(rented.AsSpan(0, filled));
        ArrayPool<byte>.Shared.Return(rented);
    }
}
