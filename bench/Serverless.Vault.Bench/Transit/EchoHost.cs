using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Serverless.Vault.Bench.Transit;

/// <summary>
/// A bare Kestrel host on loopback, in this process, with no vault behind it: POST /single and /batch read the whole
/// body and answer with the exact bytes the vault answered to the same encrypt request. It measures what moving a
/// request's bytes over HTTP costs here (client, sockets, Kestrel), the floor under both sides of row 3k (1 KiB items).
/// </summary>
internal sealed class EchoHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private EchoHost(WebApplication app, HttpClient client)
    {
        _app = app;
        _client = client;
    }

    public static async Task<EchoHost> StartAsync(byte[] singleAnswer, byte[] batchAnswer, CancellationToken cancellationToken)
    {
        // The vault host's transport settings, so that this stays the floor under the vault's exchanges.
        var app = LoopbackExchange.CreateBareHost().Build();
        app.MapPost("/single", (HttpContext context) => AnswerAsync(context, singleAnswer));
        app.MapPost("/batch", (HttpContext context) => AnswerAsync(context, batchAnswer));
        var address = await LoopbackExchange.StartAsync(app, cancellationToken).ConfigureAwait(false);
        return new EchoHost(app, LoopbackExchange.Client(address));
    }

    /// <summary>The same exchange as <see cref="HttpVault.CallAsync"/>: body sent, answer drained into a pooled buffer.</summary>
    public ValueTask CallAsync(string path, byte[] body, CancellationToken cancellationToken) =>
        LoopbackExchange.PostAsync(_client, path, body, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task AnswerAsync(HttpContext context, byte[] answer)
    {
        await LoopbackExchange.DrainAsync(context.Request.Body, context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
    }
}
