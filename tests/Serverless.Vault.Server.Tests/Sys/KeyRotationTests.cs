using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Jobs;

namespace Serverless.Vault.Server.Tests.Sys;

/// <summary>sys/key-status and sys/rotate, and the background re-encryption they start.</summary>
public sealed class KeyRotationTests : IAsyncLifetime
{
    private VaultHost _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await VaultHost.StartDevAsync();
        (await _vault.SendAsync(HttpMethod.Post, "sys/mounts/kv", new { type = "kv" })).Dispose();
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Rotate_AddsTerm_OldValuesStayReadable_JobReencryptsThem()
    {
        (await _vault.SendAsync(HttpMethod.Put, "kv/before", new { v = "old" })).Dispose();
        var before = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/key-status");
        Assert.Equal(1, before["data"]!["term"]!.GetValue<int>());
        Assert.Equal(1, before["term"]!.GetValue<int>());
        Assert.True(DateTimeOffset.TryParse(before["data"]!["install_time"]!.GetValue<string>(), out _));

        using var rotate = await _vault.SendAsync(HttpMethod.Post, "sys/rotate");
        Assert.Equal(HttpStatusCode.NoContent, rotate.StatusCode);

        var after = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/key-status");
        Assert.Equal(2, after["data"]!["term"]!.GetValue<int>());
        var read = await _vault.ReadJsonAsync(HttpMethod.Get, "kv/before");
        Assert.Equal("old", read["data"]!["v"]!.GetValue<string>());

        await _vault.Services.GetRequiredService<JobRunner>().RunAsync(ReencryptionJobRunner.JobName, CancellationToken.None);

        var done = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/key-status");
        var progress = done["data"]!["reencryption"]!;
        Assert.True(progress["completed"]!.GetValue<bool>());
        Assert.Equal(2, progress["target_term"]!.GetValue<int>());
        Assert.True(progress["reencrypted"]!.GetValue<long>() >= 1);
        Assert.Equal("old", (await _vault.ReadJsonAsync(HttpMethod.Get, "kv/before"))["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rotate_WithoutToken_Returns403()
    {
        using var rotate = await _vault.SendAsync(HttpMethod.Post, "sys/rotate", token: "nope");
        await HttpResponseAssert.ErrorAsync(rotate, HttpStatusCode.Forbidden);
        var status = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/key-status");
        Assert.Equal(1, status["data"]!["term"]!.GetValue<int>());
    }
}
