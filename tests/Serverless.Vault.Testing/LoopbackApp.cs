using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Serverless.Vault.Testing;

/// <summary>
/// A small Kestrel app on a free port of 127.0.0.1, for a test's fake API or peer: built without logging, started,
/// and stopped once however often it is disposed (a test may take it down before its fixture ends).
/// </summary>
public sealed class LoopbackApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    private LoopbackApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The root address, ending in '/'.</summary>
    public Uri Address { get; }

    /// <summary>A slim builder bound to 127.0.0.1 on a free port, with no log output.</summary>
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        return builder;
    }

    /// <summary>Starts <paramref name="app"/> (its routes mapped) and learns the port it got.</summary>
    public static async Task<LoopbackApp> StartAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackApp(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
