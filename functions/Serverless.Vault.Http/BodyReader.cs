using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Http;

/// <summary>Reads a request body without ever buffering more than the limit plus one byte.</summary>
internal static class BodyReader
{
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
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
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
}
