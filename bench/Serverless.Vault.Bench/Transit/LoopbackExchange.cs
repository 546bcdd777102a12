using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Vault.Server;

namespace Serverless.Vault.Bench.Transit;

/// <summary>What the vault host and the echo host share: a loopback-only address, and the hot loops' exchange.</summary>
internal static class LoopbackExchange
{
    private const int DrainBufferBytes = 16 * 1024;

    /// <summary>Starts <paramref name="app"/> and returns its address; refuses (and disposes it) unless it is a loopback one.</summary>
    public static async Task<Uri> StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        if (!IPAddress.TryParse(address.Host, out var ip) || !IPAddress.IsLoopback(ip))
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"the host bound {address}, not a loopback address; refusing to send traffic there");
        }

        return address;
    }

    /// <summary>A bare Kestrel host for 127.0.0.1 with no logging and the vault host's socket settings.</summary>
    public static WebApplicationBuilder CreateBareHost()
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        builder.Services.Configure<SocketTransportOptions>(VaultServer.ConfigureSockets);
        return builder;
    }

    /// <summary>POSTs a JSON body and drains the answer, as <see cref="SendAsync"/> does.</summary>
    public static async ValueTask PostAsync(HttpClient client, string path, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await SendAsync(client, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A client that never goes through a proxy: a configured HTTP_PROXY must not see (or slow) loopback traffic.</summary>
    public static HttpClient Client(Uri baseAddress) => new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = baseAddress };

    /// <summary>
    /// Sends the request and reads the answer to its end into a reused pooled buffer; an error status throws with the
    /// answer's text. The client shares this process with the host: buffering each answer in a new array (150 KB for
    /// a batch, on the large object heap) would charge the host's garbage collector for the client.
    /// </summary>
    public static async ValueTask SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException($"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {text}");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await DrainAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a stream to its end into one pooled buffer, keeping nothing.</summary>
    public static async Task DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(DrainBufferBytes);
        try
        {
            while (await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
