using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Jobs;

namespace Serverless.Vault.Functions.Tests;

public sealed class ReencryptionTimerTests
{
    [Fact]
    public async Task Run_AfterRotate_CompletesReencryptionToNewTerm()
    {
        using var host = await FunctionHost.InitializedAsync();
        Assert.Equal(204, (await host.SendAsync("POST", "/v1/sys/mounts/kv", """{"type":"kv"}""")).StatusCode);
        Assert.Equal(204, (await host.SendAsync("POST", "/v1/kv/a", """{"v":"1"}""")).StatusCode);
        Assert.Equal(204, (await host.SendAsync("POST", "/v1/sys/rotate")).StatusCode);
        var before = (await host.SendAsync("GET", "/v1/sys/key-status")).Json;
        Assert.Equal(2, before["term"]!.GetValue<int>());
        Assert.False(before["data"]!["reencryption"]!["completed"]!.GetValue<bool>());

        await new ReencryptionTimer(host.Services.GetRequiredService<JobRunner>()).RunAsync(new TimerInfo(), CancellationToken.None);

        var after = (await host.SendAsync("GET", "/v1/sys/key-status")).Json;
        var progress = after["data"]!["reencryption"]!;
        Assert.True(progress["completed"]!.GetValue<bool>());
        Assert.Equal(2, progress["target_term"]!.GetValue<int>());
        Assert.True(progress["reencrypted"]!.GetValue<long>() > 0);
        Assert.Equal("1", (await host.SendAsync("GET", "/v1/kv/a")).Json["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_Uninitialised_CompletesWithoutThrowing()
    {
        using var host = FunctionHost.Uninitialized();

        await new ReencryptionTimer(host.Services.GetRequiredService<JobRunner>()).RunAsync(new TimerInfo(), CancellationToken.None);

        Assert.Equal(501, (await host.SendAsync("GET", "/v1/sys/health", token: null)).StatusCode);
    }
}
