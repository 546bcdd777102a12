using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Http;

/// <summary>Reads a request body without ever buffering more than the limit plus one byte.</summary>
internal static class BodyReader
{
    /// <summary>
    /// The largest announced body read into an array allocated up front (a batch of 100 x 1 KiB is about 140 KB).
    /// Larger ones grow with what actually arrives, so a client cannot make the server set aside the whole request
    /// limit per connection by announcing a body it never sends.
    /// </summary>
    private const long AnnouncedReadMax = 256 * 1024;

    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
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

        using var buffer = new MemoryStream();
        try
        {
            if (request.ContentLength is { } length and <= AnnouncedReadMax)
            {
                return await ReadAnnouncedAsync(request.Body, length, cancellationToken).ConfigureAwait(false);
            }

            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw VaultException.PayloadTooLarge(limit);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw VaultException.PayloadTooLarge(limit);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// <summary>
    /// A body of announced length (checked against the limit above) read into one array of that size: the general
    /// loop's chunk and growing stream cost three or four copies, on the large object heap for a batch. When the
    /// body ends early, what did arrive, as the loop would return it. Never more than announced: HTTP/1.1 frames the
    /// body by its length, and Kestrel refuses a longer one.
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>> ReadAnnouncedAsync(Stream body, long length, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var exact = new byte[length];
        var filled = 0;
        while (filled < exact.Length)
        {
            var read = await body.ReadAsync(exact.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return exact.AsMemory(0, filled);
    }
}
