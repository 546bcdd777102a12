using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Vault.Load.Client;
using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Baselines;

/// <summary>http_floor: a Kestrel endpoint in this process answering a constant JSON body on 127.0.0.1, called over HTTP (the floor any HTTP server pays).</summary>
internal sealed class KestrelFloor : ILoadTest
{
    private static readonly byte[] Answer = """{"data":{"ok":true}}"""u8.ToArray();
    private WebApplication? _app;
    private HttpClient? _client;

    public async Task SetupAsync(LoadContext context, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.MapGet("/v1/floor", static (HttpContext http) =>
        {
            http.Response.ContentType = "application/json";
            return http.Response.Body.WriteAsync(Answer).AsTask();
        });
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(address) };
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var response = await _client!.GetAsync("/v1/floor", cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task CleanupAsync(CancellationToken cancellationToken)
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
