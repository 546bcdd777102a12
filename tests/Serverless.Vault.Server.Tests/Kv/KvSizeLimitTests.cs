using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Kv;

/// <summary>
/// Values at and over the storage maximum (900 KiB per stored value), on in-memory dev mode: Azurite refuses an
/// update whose body passes 1 MiB, which Azure accepts, so overwrites near the maximum can only be tested here.
/// </summary>
public sealed class KvSizeLimitTests : IAsyncLifetime
{
    private const int KiB = 1024;

    private VaultHost _vault = null!;

    public async Task InitializeAsync() => _vault = await VaultHost.StartDevAsync();

    public Task DisposeAsync() => _vault.DisposeAsync().AsTask();

    [Fact]
    public async Task V2Write_NearMaximum_CreatesAndOverwrites()
    {
        var path = KvRequests.Unique("big");
        var first = new string('a', 880 * KiB);
        var second = new string('b', 880 * KiB);
        Assert.Equal(1, (await _vault.WriteV2Async("secret", path, new JsonObject { ["v"] = first }))["version"]!.GetValue<long>());
        Assert.Equal(2, (await _vault.WriteV2Async("secret", path, new JsonObject { ["v"] = second }))["version"]!.GetValue<long>());

        var latest = await _vault.ReadJsonAsync(HttpMethod.Get, $"secret/data/{path}");
        Assert.Equal(second, latest["data"]!["data"]!["v"]!.GetValue<string>());
        var previous = await _vault.ReadJsonAsync(HttpMethod.Get, $"secret/data/{path}?version=1");
        Assert.Equal(first, previous["data"]!["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task V2Write_OverMaximum_Returns400AndWritesNothing()
    {
        var path = KvRequests.Unique("toobig");
        using var create = await _vault.SendAsync(HttpMethod.Post, $"secret/data/{path}", KvRequests.Write(new JsonObject { ["v"] = new string('x', 910 * KiB) }));
        AssertSizeMessage(await HttpResponseAssert.ErrorAsync(create, HttpStatusCode.BadRequest));
        using var metadata = await _vault.SendAsync(HttpMethod.Get, $"secret/metadata/{path}");
        Assert.Equal(HttpStatusCode.NotFound, metadata.StatusCode);
        using var list = await _vault.SendAsync(KvRequests.List, "secret/metadata/");
        Assert.DoesNotContain(path, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await _vault.WriteV2Async("secret", path, new JsonObject { ["v"] = "small" });
        using var update = await _vault.SendAsync(HttpMethod.Post, $"secret/data/{path}", KvRequests.Write(new JsonObject { ["v"] = new string('x', 910 * KiB) }));
        AssertSizeMessage(await HttpResponseAssert.ErrorAsync(update, HttpStatusCode.BadRequest));
        var read = await _vault.ReadJsonAsync(HttpMethod.Get, $"secret/data/{path}");
        Assert.Equal("small", read["data"]!["data"]!["v"]!.GetValue<string>());
        Assert.Equal(1, read["data"]!["metadata"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task V2Patch_GrowingOverMaximum_Returns400AndKeepsVersion()
    {
        var path = KvRequests.Unique("patchbig");
        await _vault.WriteV2Async("secret", path, new JsonObject { ["a"] = new string('a', 500 * KiB) });
        using var patch = await _vault.PatchAsync($"secret/data/{path}", KvRequests.Write(new JsonObject { ["b"] = new string('b', 500 * KiB) }));
        AssertSizeMessage(await HttpResponseAssert.ErrorAsync(patch, HttpStatusCode.BadRequest));
        var metadata = await _vault.ReadJsonAsync(HttpMethod.Get, $"secret/metadata/{path}");
        Assert.Equal(1, metadata["data"]!["current_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task V1Write_OverMaximum_Returns400AndWritesNothing()
    {
        var mount = KvRequests.Unique("kv1");
        (await _vault.SendAsync(HttpMethod.Post, $"sys/mounts/{mount}", new { type = "kv" })).Dispose();
        using var write = await _vault.SendAsync(HttpMethod.Put, $"{mount}/s", new JsonObject { ["v"] = new string('x', 910 * KiB) });
        AssertSizeMessage(await HttpResponseAssert.ErrorAsync(write, HttpStatusCode.BadRequest));
        using var read = await _vault.SendAsync(HttpMethod.Get, $"{mount}/s");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Write_BodyOverRequestLimit_Returns413()
    {
        using var write = await _vault.SendAsync(HttpMethod.Post, $"secret/data/{KvRequests.Unique("huge")}", KvRequests.Write(new JsonObject { ["v"] = new string('x', 1100 * KiB) }));
        await HttpResponseAssert.ErrorAsync(write, HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>
    /// A secret inside the limit must fit whatever its characters: 250 KiB of text is 250 to 750 KiB of UTF-8 (three
    /// bytes for '€'), below 900 KiB, so escaping on the way into storage (\uXXXX, six bytes) must not push it over.
    /// </summary>
    [Theory]
    [InlineData('+')]
    [InlineData('<')]
    [InlineData('é')]
    [InlineData('€')]
    public async Task V2Write_TextInsideLimit_FitsWhateverItsCharacters(char character)
    {
        var path = KvRequests.Unique("chars");
        var value = new string(character, 250 * KiB);

        // Sent unescaped, as most clients do (System.Text.Json on the test side would escape these characters itself).
        foreach (var version in new[] { value, value + "2" })
        {
            using var write = await _vault.SendRawAsync(HttpMethod.Post, $"secret/data/{path}", $"{{\"data\":{{\"v\":\"{version}\"}}}}");
            await HttpResponseAssert.JsonAsync(write, HttpStatusCode.OK);
        }

        var read = await _vault.ReadJsonAsync(HttpMethod.Get, $"secret/data/{path}?version=1");
        Assert.Equal(value, read["data"]!["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task V1Write_TextInsideLimit_FitsWhateverItsCharacters()
    {
        var mount = KvRequests.Unique("kv1");
        (await _vault.SendAsync(HttpMethod.Post, $"sys/mounts/{mount}", new { type = "kv" })).Dispose();
        var value = new string('+', 300 * KiB);
        using var write = await _vault.SendRawAsync(HttpMethod.Put, $"{mount}/s", $"{{\"v\":\"{value}\"}}");
        Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
        var read = await _vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/s");
        Assert.Equal(value, read["data"]!["v"]!.GetValue<string>());
    }

    private static void AssertSizeMessage(IReadOnlyList<string> errors)
    {
        var message = Assert.Single(errors);
        Assert.Contains("at most", message, StringComparison.Ordinal);
        Assert.Matches(@"\d{6}", message);
    }
}
