using System.Text.Json.Nodes;
using Serverless.Vault.Core.Engines.Kv;
using Serverless.Vault.Core.Jobs;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Jobs;

public sealed class KvVersionExpiryJobTests
{
    [Fact]
    public async Task Read_WithoutJob_DeletionFollowsCurrentSetting()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("secret", "kv-v2");
        VaultAssert.Ok(await vault.WriteAsync("secret/data/fresh", new JsonObject { ["data"] = new JsonObject { ["k"] = "v" } }));
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["delete_version_after"] = "1h" }));
        vault.Time.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(404, (await vault.ReadAsync("secret/data/fresh"))!.StatusCode);

        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["delete_version_after"] = "0s" }));
        VaultAssert.Ok(await vault.ReadAsync("secret/data/fresh"));
    }

    [Fact]
    public async Task Run_VersionPastDeleteVersionAfter_RecordsItsDeletionTime()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("secret", "kv-v2");
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["delete_version_after"] = "1h" }));
        VaultAssert.Ok(await vault.WriteAsync("secret/data/app", new JsonObject { ["data"] = new JsonObject { ["k"] = "v" } }));
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["delete_version_after"] = "0s" }));
        VaultAssert.Ok(await vault.WriteAsync("secret/data/fresh", new JsonObject { ["data"] = new JsonObject { ["k"] = "v" } }));
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["delete_version_after"] = "1h" }));
        vault.Time.Advance(TimeSpan.FromMinutes(61));
        await vault.Get<JobRunner>().RunAsync(KvVersionExpiryJob.JobName, CancellationToken.None);

        // Turn the setting off: only versions the job recorded as deleted still read as deleted.
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["delete_version_after"] = "0s" }));
        vault.Time.Advance(TimeSpan.FromSeconds(6));
        var fresh = await vault.ReadAsync("secret/data/fresh");
        Assert.Equal(404, fresh!.StatusCode);
        Assert.NotEqual("", fresh.Data!["metadata"]!["deletion_time"]!.GetValue<string>());
        var app = await vault.ReadAsync("secret/data/app");
        Assert.Equal(404, app!.StatusCode);
    }
}
