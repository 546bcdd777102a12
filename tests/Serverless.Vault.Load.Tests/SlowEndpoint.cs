using Microsoft.AspNetCore.Builder;
using Serverless.Vault.Testing;

namespace Serverless.Vault.Load.Tests;

/// <summary>A deliberately slow local HTTP endpoint: every request waits at least <c>delay</c>, one at a time.</summary>
internal sealed class SlowEndpoint : IAsyncDisposable
{
    private readonly LoopbackApp _host;

    private SlowEndpoint(LoopbackApp host, Uri address)
    {
        _host = host;
        Address = address;
    }

    public Uri Address { get; }

    public int Served { get; private set; }

    public static async Task<SlowEndpoint> StartAsync(TimeSpan delay)
    {
        var app = LoopbackApp.CreateBuilder().Build();
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
        var host = await LoopbackApp.StartAsync(app);
        self = new SlowEndpoint(host, new Uri(host.Address, "slow"));
        return self;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
