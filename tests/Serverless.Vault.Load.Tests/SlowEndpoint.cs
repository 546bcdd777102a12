using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Serverless.Vault.Load.Tests;

/// <summary>A deliberately slow local HTTP endpoint: every request waits at least <c>delay</c>, one at a time.</summary>
internal sealed class SlowEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SlowEndpoint(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public int Served { get; private set; }

    public static async Task<SlowEndpoint> StartAsync(TimeSpan delay)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var gate = new SemaphoreSlim(1);
        SlowEndpoint? self = null;
        app.MapGet("/slow", async () =>
        {
            await gate.WaitAsync();
            try
            {
                await Task.Delay(delay);
                self!.Served++;
                return "ok";
            }
            finally
            {
                gate.Release();
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new SlowEndpoint(app, new Uri(new Uri(address), "/slow"));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
