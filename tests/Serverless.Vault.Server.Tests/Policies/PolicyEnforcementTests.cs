using System.Net;
using Serverless.Vault.Server.Tests.Tokens;

namespace Serverless.Vault.Server.Tests.Policies;

/// <summary>
/// Policies enforced on real tokens over HTTP: a kv-v2 mount (create vs update told apart by existence), deny,
/// sudo on sys/rotate, and the sys/internal/ui/mounts preflight `vault kv` sends first.
/// </summary>
public sealed class PolicyEnforcementTests : IAsyncLifetime
{
    private VaultHost _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await VaultHost.StartDevAsync();
        await _vault.WritePolicyAsync("app-reader", """
            path "secret/data/app/*" { capabilities = ["read"] }
            path "secret/metadata/app/*" { capabilities = ["list"] }
            """);
        await _vault.WritePolicyAsync("app-creator", """path "secret/data/app/*" { capabilities = ["create", "read"] }""");
        await _vault.WritePolicyAsync("app-updater", """path "secret/data/app/*" { capabilities = ["update", "read"] }""");
        await _vault.WritePolicyAsync("app-writer", """
            path "secret/data/app/*" { capabilities = ["create", "update", "read", "delete"] }
            path "secret/data/app/locked" { capabilities = ["deny"] }
            """);
        await _vault.WritePolicyAsync("plus-reader", """path "secret/data/+/conf" { capabilities = ["read"] }""");
        await _vault.WritePolicyAsync("secret-denied", """path "secret/*" { capabilities = ["deny"] }""");
        await _vault.WritePolicyAsync("rotate", """path "sys/rotate" { capabilities = ["update"] }""");
        await _vault.WritePolicyAsync("rotate-sudo", """path "sys/rotate" { capabilities = ["update", "sudo"] }""");
        await WriteAsRootAsync("app/existing");
        await WriteAsRootAsync("app/locked");
        await WriteAsRootAsync("other/secret");
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Reader_ReadsAndListsUnderApp_DeniedElsewhereAndForWrites()
    {
        var token = await _vault.TokenWithPoliciesAsync("app-reader");
        var read = await _vault.ReadJsonAsync(HttpMethod.Get, "secret/data/app/existing", token: token);
        Assert.Equal("root", read["data"]!["data"]!["by"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, await _vault.StatusAsync(TokenRequests.List, "secret/metadata/app/", token: token));

        await AssertDeniedAsync(HttpMethod.Get, "secret/data/other/secret", token);
        await AssertDeniedAsync(HttpMethod.Get, "secret/metadata/app/existing", token);
        await AssertDeniedAsync(HttpMethod.Post, "secret/data/app/existing", token, Write("reader"));
        await AssertDeniedAsync(HttpMethod.Delete, "secret/data/app/existing", token);
        await AssertDeniedAsync(HttpMethod.Get, "sys/mounts", token);
    }

    [Fact]
    public async Task CreateOnly_CanWriteNewSecret_CannotOverwriteExisting()
    {
        var token = await _vault.TokenWithPoliciesAsync("app-creator");
        var path = "app/" + Guid.NewGuid().ToString("N");
        var created = await _vault.ReadJsonAsync(HttpMethod.Post, $"secret/data/{path}", Write("creator"), token);
        Assert.Equal(1, created["data"]!["version"]!.GetValue<long>());

        await AssertDeniedAsync(HttpMethod.Post, $"secret/data/{path}", token, Write("again"));
        await AssertDeniedAsync(HttpMethod.Put, "secret/data/app/existing", token, Write("creator"));
    }

    [Fact]
    public async Task UpdateOnly_CanOverwriteExisting_CannotCreateNew()
    {
        var token = await _vault.TokenWithPoliciesAsync("app-updater");
        await AssertDeniedAsync(HttpMethod.Post, "secret/data/app/" + Guid.NewGuid().ToString("N"), token, Write("updater"));
        var path = "app/" + Guid.NewGuid().ToString("N");
        await WriteAsRootAsync(path);
        var updated = await _vault.ReadJsonAsync(HttpMethod.Put, $"secret/data/{path}", Write("updater"), token);
        Assert.Equal(2, updated["data"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task ExactDeny_BeatsGlobGrant()
    {
        var token = await _vault.TokenWithPoliciesAsync("app-writer");
        Assert.Equal(HttpStatusCode.OK, await _vault.StatusAsync(HttpMethod.Get, "secret/data/app/existing", token: token));
        await AssertDeniedAsync(HttpMethod.Get, "secret/data/app/locked", token);
        await AssertDeniedAsync(HttpMethod.Post, "secret/data/app/locked", token, Write("writer"));
        await AssertDeniedAsync(HttpMethod.Delete, "secret/data/app/locked", token);
    }

    [Fact]
    public async Task Rotate_UpdateWithoutSudo_Returns403_WithSudoSucceeds()
    {
        var noSudo = await _vault.TokenWithPoliciesAsync("rotate");
        await AssertDeniedAsync(HttpMethod.Post, "sys/rotate", noSudo, new { });
        var term = (await _vault.ReadJsonAsync(HttpMethod.Get, "sys/key-status"))["data"]!["term"]!.GetValue<int>();

        var sudo = await _vault.TokenWithPoliciesAsync("rotate-sudo");
        using (var rotate = await _vault.SendAsync(HttpMethod.Post, "sys/rotate", new { }, sudo))
        {
            Assert.True(rotate.IsSuccessStatusCode, $"{(int)rotate.StatusCode} {await rotate.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(term + 1, (await _vault.ReadJsonAsync(HttpMethod.Get, "sys/key-status"))["data"]!["term"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("app-reader")]
    [InlineData("app-creator")]
    [InlineData("plus-reader")]
    public async Task KvPreflight_TokenWithRightsUnderSecret_GetsMountWithVersion2(string policy)
    {
        var token = await _vault.TokenWithPoliciesAsync(policy);
        var body = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/internal/ui/mounts/secret/x", token: token);
        Assert.Equal("secret/", body["data"]!["path"]!.GetValue<string>());
        Assert.Equal("kv", body["data"]!["type"]!.GetValue<string>());
        Assert.Equal("2", body["data"]!["options"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task KvPreflight_TokenWithoutRightsUnderSecret_Returns403()
    {
        var token = await _vault.TokenWithPoliciesAsync("rotate");
        await AssertDeniedAsync(HttpMethod.Get, "sys/internal/ui/mounts/secret/x", token);
        var defaultOnly = await _vault.TokenWithPoliciesAsync("default");
        await AssertDeniedAsync(HttpMethod.Get, "sys/internal/ui/mounts/secret/x", defaultOnly);
        var denyOnly = await _vault.TokenWithPoliciesAsync("secret-denied");
        await AssertDeniedAsync(HttpMethod.Get, "sys/internal/ui/mounts/secret/x", denyOnly);
    }

    [Fact]
    public async Task KvPreflight_RightsOnlyOnAnotherMount_Returns403()
    {
        using (var mount = await _vault.SendAsync(HttpMethod.Post, "sys/mounts/team", new { type = "kv-v2" }))
        {
            await TokenRequests.AssertNoContentAsync(mount);
        }

        await _vault.WritePolicyAsync("team-only", """path "team/data/*" { capabilities = ["read"] }""");
        var token = await _vault.TokenWithPoliciesAsync("team-only");
        Assert.Equal("team/", (await _vault.ReadJsonAsync(HttpMethod.Get, "sys/internal/ui/mounts/team/x", token: token))["data"]!["path"]!.GetValue<string>());
        await AssertDeniedAsync(HttpMethod.Get, "sys/internal/ui/mounts/secret/x", token);
    }

    [Fact]
    public async Task PolicyChangedOnSameInstance_AppliesToExistingTokenAtOnce()
    {
        await _vault.WritePolicyAsync("mutable", """path "secret/data/app/*" { capabilities = ["read"] }""");
        var token = await _vault.TokenWithPoliciesAsync("mutable");
        Assert.Equal(HttpStatusCode.OK, await _vault.StatusAsync(HttpMethod.Get, "secret/data/app/existing", token: token));

        await _vault.WritePolicyAsync("mutable", """path "secret/data/elsewhere/*" { capabilities = ["read"] }""");
        await AssertDeniedAsync(HttpMethod.Get, "secret/data/app/existing", token);
    }

    [Fact]
    public async Task PolicyWidened_BeforeTokensFirstUse_AppliesAtOnce()
    {
        await _vault.WritePolicyAsync("widened", """path "secret/data/nowhere/*" { capabilities = ["read"] }""");
        var token = await _vault.TokenWithPoliciesAsync("widened");
        await _vault.WritePolicyAsync("widened", """path "secret/data/app/*" { capabilities = ["read"] }""");
        Assert.Equal(HttpStatusCode.OK, await _vault.StatusAsync(HttpMethod.Get, "secret/data/app/existing", token: token));
    }

    private static object Write(string by) => new { data = new { by } };

    private async Task WriteAsRootAsync(string path) =>
        await _vault.ReadJsonAsync(HttpMethod.Post, $"secret/data/{path}", Write("root"));

    private async Task AssertDeniedAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var response = await _vault.SendAsync(method, path, body, token);
        Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.Forbidden));
    }
}
