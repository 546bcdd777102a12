using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Serverless.Vault.Bench.Transit;

/// <summary>
/// A bare Kestrel host on loopback, in this process, with no vault behind it: POST /single and /batch read the whole
/// body and answer with the exact bytes the vault answered to the same encrypt request. It measures what moving a
/// request's bytes over HTTP costs here (client, sockets, Kestrel), the floor under both sides of row 3.
/// </summary>
internal sealed class EchoHost : IAsyncDisposable
{
    private const int DrainBufferBytes = 16 * 1024;

    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private EchoHost(WebApplication app, HttpClient client)
    {
        _app = app;
        _client = client;
    }

    public static async Task<EchoHost> StartAsync(byte[] singleAnswer, byte[] batchAnswer, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/single", (HttpContext context) => AnswerAsync(context, singleAnswer));
        app.MapPost("/batch", (HttpContext context) => AnswerAsync(context, batchAnswer));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        if (!IPAddress.TryParse(address.Host, out var ip) || !IPAddress.IsLoopback(ip))
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"the echo host bound {address}, not a loopback address");
        }

        return new EchoHost(app, new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = address });
    }

    /// <summary>The same exchange as <see cref="HttpVault.CallAsync"/>: body sent, answer drained into a pooled buffer.</summary>
    public async ValueTask CallAsync(string path, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await DrainAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
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

    private static async Task AnswerAsync(HttpContext context, byte[] answer)
    {
        await DrainAsync(context.Request.Body, context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
    }
}
