using System.Net;
using System.Text.Json.Nodes;
using Serverless.Vault.Client.Kv;

namespace Serverless.Vault.Client.Tests.Kv;

public sealed class KvV2WriteTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>
{
    [Fact]
    public async Task WriteAsync_WithMatchingCas_WritesNextVersion()
    {
        using var client = fixture.Vault.NewClient();
        var kv = client.KvV2();

        var first = await kv.WriteAsync("cas-ok", new { password = "p1" }, cas: 0);
        var second = await kv.WriteAsync("cas-ok", new { password = "p2" }, cas: 1);

        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        Assert.NotNull(second.CreatedTime);
        Assert.Null(second.DeletionTime);
        Assert.Equal("p2", (await kv.ReadAsync("cas-ok"))!.Data["password"]!.GetValue<string>());
    }

    [Fact]
    public async Task WriteAsync_WithStaleCas_ThrowsBadRequestAndKeepsVersion()
    {
        using var client = fixture.Vault.NewClient();
        var kv = client.KvV2();
        await kv.WriteAsync("cas-stale", new { password = "p1" });
        await kv.WriteAsync("cas-stale", new { password = "p2" });

        var error = await Assert.ThrowsAsync<VaultApiException>(() => kv.WriteAsync("cas-stale", new { password = "p3" }, cas: 1));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains(error.Errors, e => e.Contains("check-and-set", StringComparison.Ordinal));
        Assert.Equal(2, (await kv.ReadMetadataAsync("cas-stale"))!.CurrentVersion);
    }

    [Fact]
    public async Task PatchAsync_ExistingSecret_MergesKeysAndRemovesNulls()
    {
        using var client = fixture.Vault.NewClient();
        var kv = client.KvV2();
        await kv.WriteAsync("patch", new { user = "app", password = "p1", legacy = "x" });

        var patched = await kv.PatchAsync("patch", new JsonObject { ["password"] = "p2", ["legacy"] = null });
        var secret = await kv.ReadAsync("patch");

        Assert.Equal(2, patched.Version);
        Assert.Equal("app", secret!.Data["user"]!.GetValue<string>());
        Assert.Equal("p2", secret.Data["password"]!.GetValue<string>());
        Assert.False(secret.Data.ContainsKey("legacy"));
    }

    [Fact]
    public async Task PatchAsync_MissingSecret_ThrowsNotFound()
    {
        using var client = fixture.Vault.NewClient();

        var error = await Assert.ThrowsAsync<VaultApiException>(() => client.KvV2().PatchAsync("patch-missing", new { a = "b" }));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task DeleteUndeleteDestroy_Versions_ChangeWhatReadsReturn()
    {
        using var client = fixture.Vault.NewClient();
        var kv = client.KvV2();
        await kv.WriteAsync("lifecycle", new { v = "1" });
        await kv.WriteAsync("lifecycle", new { v = "2" });
        await kv.WriteAsync("lifecycle", new { v = "3" });

        await kv.DeleteAsync("lifecycle");
        var afterDelete = await kv.ReadAsync("lifecycle");
        await kv.UndeleteAsync("lifecycle", [3]);
        var afterUndelete = await kv.ReadAsync("lifecycle");
        await kv.DeleteVersionsAsync("lifecycle", [1]);
        await kv.DestroyAsync("lifecycle", [2]);
        var metadata = await kv.ReadMetadataAsync("lifecycle");

        Assert.Null(afterDelete);
        Assert.Equal("3", afterUndelete!.Data["v"]!.GetValue<string>());
        Assert.Null(await kv.ReadAsync("lifecycle", version: 1));
        Assert.Null(await kv.ReadAsync("lifecycle", version: 2));
        Assert.NotNull(metadata!.Versions![1].DeletionTime);
        Assert.False(metadata.Versions[1].Destroyed);
        Assert.True(metadata.Versions[2].Destroyed);
        Assert.Null(metadata.Versions[3].DeletionTime);
    }

    [Fact]
    public async Task WriteMetadataAsync_Settings_AreReadBackAndDeleteMetadataRemovesAll()
    {
        using var client = fixture.Vault.NewClient();
        var kv = client.KvV2();
        await kv.WriteAsync("meta", new { v = "1" });

        await kv.WriteMetadataAsync("meta", new KvV2MetadataSettings
        {
            MaxVersions = 3,
            CasRequired = true,
            DeleteVersionAfter = TimeSpan.FromHours(2),
            CustomMetadata = new Dictionary<string, string> { ["owner"] = "team-a" },
        });
        var metadata = await kv.ReadMetadataAsync("meta");
        var withoutCas = await Assert.ThrowsAsync<VaultApiException>(() => kv.WriteAsync("meta", new { v = "2" }));
        await kv.DeleteMetadataAsync("meta");

        Assert.Equal(3, metadata!.MaxVersions);
        Assert.True(metadata.CasRequired);
        Assert.Equal(TimeSpan.FromHours(2), metadata.DeleteVersionAfter);
        Assert.Equal("team-a", metadata.CustomMetadata!["owner"]);
        Assert.Equal(HttpStatusCode.BadRequest, withoutCas.StatusCode);
        Assert.Null(await kv.ReadMetadataAsync("meta"));
    }

    [Fact]
    public async Task ListAsync_Folder_ListsSecretsAndSubfolders()
    {
        using var client = fixture.Vault.NewClient();
        var kv = client.KvV2();
        await kv.WriteAsync("listing/a", new { v = "1" });
        await kv.WriteAsync("listing/deeper/b", new { v = "2" });

        Assert.Equal(["a", "deeper/"], (await kv.ListAsync("listing")).Order(StringComparer.Ordinal));
        Assert.Empty(await kv.ListAsync("listing-none"));
    }

    [Fact]
    public async Task ReadAsyncOfT_WrittenRecord_BindsTypedData()
    {
        using var client = fixture.Vault.NewClient();
        var kv = client.KvV2();
        await kv.WriteAsync("typed", new Credentials("app", "s3cret"));

        var secret = await kv.ReadAsync<Credentials>("typed");

        Assert.Equal(new Credentials("app", "s3cret"), secret!.Data);
        Assert.Equal(1, secret.Version);
        Assert.DoesNotContain("s3cret", secret.ToString(), StringComparison.Ordinal);
    }

    private sealed record Credentials(string User, string Password);
}
