using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Audit;

public sealed class AuditEntryTests
{
    private const string Canary = "canary-5e1f0c2d";

    [Fact]
    public async Task KvV2Write_Entries_HashStringsKeepNumbersPathsAndPolicies()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        await vault.EnableAsync("secret", "kv-v2");
        await AuditCapture.EnableAsync(vault, "out", "stdout");

        VaultAssert.Ok(await vault.WriteAsync("secret/data/app", new JsonObject
        {
            ["data"] = new JsonObject { ["password"] = Canary, ["count"] = 3, ["enabled"] = true, ["list"] = new JsonArray(Canary) },
        }));

        var hash = await AuditCapture.HashAsync(vault, "out", Canary);
        var tokenHash = await AuditCapture.HashAsync(vault, "out", TestVault.RootToken);
        Assert.DoesNotContain(Canary, capture.Stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestVault.RootToken + "\"", capture.Stdout.ToString(), StringComparison.Ordinal);
        var request = Assert.Single(capture.Entries("request", "secret/data/app"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$", request["time"]!.GetValue<string>());
        var block = request["request"]!;
        Assert.Equal("create", block["operation"]!.GetValue<string>());
        Assert.Equal("secret/", block["mount_point"]!.GetValue<string>());
        Assert.Equal("kv", block["mount_type"]!.GetValue<string>());
        Assert.Equal("root", block["namespace"]!["id"]!.GetValue<string>());
        Assert.Equal(tokenHash, block["client_token"]!.GetValue<string>());
        Assert.StartsWith("hmac-sha256:", block["client_token_accessor"]!.GetValue<string>(), StringComparison.Ordinal);
        var data = block["data"]!["data"]!;
        Assert.Equal(hash, data["password"]!.GetValue<string>());
        Assert.Equal(hash, data["list"]![0]!.GetValue<string>());
        Assert.Equal(3, data["count"]!.GetValue<int>());
        Assert.True(data["enabled"]!.GetValue<bool>());
        var auth = request["auth"]!;
        Assert.Equal(tokenHash, auth["client_token"]!.GetValue<string>());
        Assert.Equal(["root"], auth["policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Null(request["response"]);
        Assert.Null(request["error"]);
        var response = Assert.Single(capture.Entries("response", "secret/data/app"));
        Assert.Equal(1, response["response"]!["data"]!["version"]!.GetValue<int>());
        Assert.Equal(block["id"]!.GetValue<string>(), response["request"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task KvRead_ResponseData_Hashed()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        await vault.EnableAsync("kv");
        VaultAssert.NoContent(await vault.WriteAsync("kv/app", new JsonObject { ["password"] = Canary }));
        await AuditCapture.EnableAsync(vault, "out", "stdout");

        Assert.Equal(Canary, VaultAssert.Ok(await vault.ReadAsync("kv/app"))["password"]!.GetValue<string>());

        var response = Assert.Single(capture.Entries("response", "kv/app"));
        Assert.Equal(await AuditCapture.HashAsync(vault, "out", Canary), response["response"]!["data"]!["password"]!.GetValue<string>());
        Assert.Equal("read", response["request"]!["operation"]!.GetValue<string>());
    }

    [Fact]
    public async Task LogRawAndPlainAccessor_ValuesWrittenAsGiven()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        await vault.EnableAsync("kv");
        await AuditCapture.EnableAsync(vault, "raw", "stdout", new JsonObject { ["log_raw"] = "true" });

        VaultAssert.NoContent(await vault.WriteAsync("kv/app", new JsonObject { ["password"] = Canary }));

        var request = Assert.Single(capture.Entries("request", "kv/app"))["request"]!;
        Assert.Equal(Canary, request["data"]!["password"]!.GetValue<string>());
        Assert.Equal(TestVault.RootToken, request["client_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task HmacAccessorFalse_AccessorPlainTokenHashed()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        await AuditCapture.EnableAsync(vault, "out", "stdout", new JsonObject { ["hmac_accessor"] = "false" });

        VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self"));

        var entry = Assert.Single(capture.Entries("response", "auth/token/lookup-self"));
        var accessor = entry["request"]!["client_token_accessor"]!.GetValue<string>();
        Assert.DoesNotContain("hmac-sha256:", accessor, StringComparison.Ordinal);
        Assert.Equal(accessor, entry["auth"]!["accessor"]!.GetValue<string>());
        Assert.StartsWith("hmac-sha256:", entry["request"]!["client_token"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MountNonHmacKeys_ThoseKeysPlainOthersHashed()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/kv", new JsonObject
        {
            ["type"] = "kv",
            ["config"] = new JsonObject { ["audit_non_hmac_request_keys"] = new JsonArray("user"), ["audit_non_hmac_response_keys"] = new JsonArray("user") },
        }));
        await AuditCapture.EnableAsync(vault, "out", "stdout");

        VaultAssert.NoContent(await vault.WriteAsync("kv/app", new JsonObject { ["user"] = "alice", ["password"] = Canary }));
        VaultAssert.Ok(await vault.ReadAsync("kv/app"));

        var request = Assert.Single(capture.Entries("request", "kv/app"), e => e["request"]!["operation"]!.GetValue<string>() == "create");
        Assert.Equal("alice", request["request"]!["data"]!["user"]!.GetValue<string>());
        Assert.StartsWith("hmac-sha256:", request["request"]!["data"]!["password"]!.GetValue<string>(), StringComparison.Ordinal);
        var read = Assert.Single(capture.Entries("response", "kv/app"), e => e["request"]!["operation"]!.GetValue<string>() == "read");
        Assert.Equal("alice", read["response"]!["data"]!["user"]!.GetValue<string>());
    }

    [Fact]
    public async Task ElideListResponses_KeysBecomeCount()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        await vault.EnableAsync("kv");
        VaultAssert.NoContent(await vault.WriteAsync("kv/a", new JsonObject { ["x"] = "1" }));
        VaultAssert.NoContent(await vault.WriteAsync("kv/b", new JsonObject { ["x"] = "1" }));
        await AuditCapture.EnableAsync(vault, "out", "stdout", new JsonObject { ["elide_list_responses"] = "true" });

        VaultAssert.Ok(await vault.ListAsync("kv/"));

        var entry = Assert.Single(capture.Entries(), e => e["type"]!.GetValue<string>() == "response" && e["request"]!["operation"]!.GetValue<string>() == "list");
        Assert.Equal(2, entry["response"]!["data"]!["keys"]!.GetValue<int>());
    }

    [Fact]
    public async Task PermissionDenied_EntriesCarryError()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        await AuditCapture.EnableAsync(vault, "out", "stdout", new JsonObject { ["prefix"] = "AUDIT:" });

        VaultAssert.Error(await vault.ReadAsync("sys/audit", "not-a-token"), 403, "permission denied");

        var lines = capture.Stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.StartsWith("AUDIT:{", line, StringComparison.Ordinal));
        var entries = lines.Select(line => JsonNode.Parse(line["AUDIT:".Length..])!.AsObject()).Where(e => e["request"]!["path"]!.GetValue<string>() == "sys/audit").ToArray();
        Assert.Equal(["request", "response"], entries.Select(e => e["type"]!.GetValue<string>()));
        Assert.All(entries, e => Assert.Contains("permission denied", e["error"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.DoesNotContain("not-a-token", capture.Stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenCreate_ResponseAuthTokenAndAccessorHashed()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        await AuditCapture.EnableAsync(vault, "out", "stdout");

        var created = await vault.SendAsync(Operation.Update, "auth/token/create", new JsonObject { ["policies"] = new JsonArray("default") }, TestVault.RootToken);
        var token = created!.Auth!["client_token"]!.GetValue<string>();
        var accessor = created.Auth!["accessor"]!.GetValue<string>();

        var auth = Assert.Single(capture.Entries("response", "auth/token/create"))["response"]!["auth"]!;
        Assert.Equal(await AuditCapture.HashAsync(vault, "out", token), auth["client_token"]!.GetValue<string>());
        Assert.Equal(await AuditCapture.HashAsync(vault, "out", accessor), auth["accessor"]!.GetValue<string>());
        Assert.DoesNotContain(token, capture.Stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(accessor, capture.Stdout.ToString(), StringComparison.Ordinal);
    }
}
