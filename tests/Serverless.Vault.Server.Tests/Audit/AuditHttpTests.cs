using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Vault.Server.Tests.Auth;

namespace Serverless.Vault.Server.Tests.Audit;

/// <summary>File audit devices over HTTP on the Kestrel host: secrets never in plain text, fail closed, confined paths.</summary>
public sealed class AuditHttpTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vault-audit-http-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Canaries_ThroughEveryEngine_OnlyTheirHmacInAuditFileAndNoneInLogs()
    {
        var logs = new CapturedLogs();
        await using var vault = await StartAsync(logs);
        await EnableFileAsync(vault, "audit.log");
        var secrets = new List<string> { vault.RootToken! };
        secrets.AddRange(await KvAsync(vault));
        secrets.AddRange(await TransitAsync(vault));
        secrets.AddRange(await TokenAndUserpassAsync(vault));
        secrets.AddRange(await AppRoleAsync(vault));

        var audit = await File.ReadAllTextAsync(Path.Combine(_root, "audit.log"));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, audit, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logs.Text, StringComparison.Ordinal);
            var hash = (await vault.ReadJsonAsync(HttpMethod.Post, "sys/audit-hash/file", new { input = secret }))["data"]!["hash"]!.GetValue<string>();
            Assert.Contains(hash, audit, StringComparison.Ordinal);
        }

        Assert.All(audit.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => JsonNode.Parse(line));
    }

    [Fact]
    public async Task FileDevice_FolderRemoved_Requests500WithoutSecret()
    {
        var logs = new CapturedLogs();
        await using var vault = await StartAsync(logs);
        await EnableFileAsync(vault, "logs/audit.log");
        await AuthHttp.WriteAsync(vault, "secret/data/fail", new { data = new { password = "canary-fail-0b9e" } });

        Directory.Delete(Path.Combine(_root, "logs"), recursive: true);

        // The file device looks for its file once a second (FileAuditDevice.RotationCheckInterval); wait that long.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        using var response = await vault.SendAsync(HttpMethod.Get, "secret/data/fail");

        Assert.Equal(["internal error"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.InternalServerError));
        Assert.DoesNotContain("canary-fail-0b9e", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("failed closed", logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("canary-fail-0b9e", logs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileDevice_PathOutsideFolder_Refused400()
    {
        await using var vault = await StartAsync(new CapturedLogs());
        var outside = Directory.CreateTempSubdirectory("vault-audit-outside-").FullName;
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(_root, "link"), outside);
            foreach (var filePath in new[] { "../escape.log", Path.Combine(outside, "abs.log"), "link/audit.log" })
            {
                using var response = await vault.SendAsync(HttpMethod.Post, "sys/audit/file", new { type = "file", options = new { file_path = filePath } });
                Assert.Single(await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
            }

            Assert.Empty(Directory.GetFileSystemEntries(outside));
            Assert.Empty((await vault.ReadJsonAsync(HttpMethod.Get, "sys/audit"))["data"]!.AsObject());
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    private async Task<VaultHost> StartAsync(CapturedLogs logs)
    {
        var vault = await VaultHost.StartDevAsync($"Vault:Audit:FileRoot={_root}", CapturedLogs.Setting);
        vault.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        return vault;
    }

    private static Task EnableFileAsync(VaultHost vault, string filePath) =>
        AuthHttp.WriteAsync(vault, "sys/audit/file", new { type = "file", options = new { file_path = filePath } });

    private static async Task<string[]> KvAsync(VaultHost vault)
    {
        await AuthHttp.WriteAsync(vault, "sys/mounts/kv1", new { type = "kv" });
        await AuthHttp.WriteAsync(vault, "kv1/app", new { password = "canary-kv1-4f2a" });
        await vault.ReadJsonAsync(HttpMethod.Get, "kv1/app");
        await AuthHttp.WriteAsync(vault, "secret/data/app", new { data = new { password = "canary-kv2-91cd" } });
        await vault.ReadJsonAsync(HttpMethod.Get, "secret/data/app");
        return ["canary-kv1-4f2a", "canary-kv2-91cd"];
    }

    private static async Task<string[]> TransitAsync(VaultHost vault)
    {
        var plaintext = Convert.ToBase64String(Encoding.UTF8.GetBytes("canary-transit-7d3e"));
        await AuthHttp.WriteAsync(vault, "sys/mounts/transit", new { type = "transit" });
        var encrypted = await vault.ReadJsonAsync(HttpMethod.Post, "transit/encrypt/k", new { plaintext });
        await vault.ReadJsonAsync(HttpMethod.Post, "transit/decrypt/k", new { ciphertext = encrypted["data"]!["ciphertext"]!.GetValue<string>() });

        // A batch's answer is written as UTF-8 for the wire; the audit device reads it as data and hashes every string.
        var batchPlaintext = Convert.ToBase64String(Encoding.UTF8.GetBytes("canary-transit-batch-51c2"));
        var batch = await vault.ReadJsonAsync(HttpMethod.Post, "transit/encrypt/k", new JsonObject { ["batch_input"] = new JsonArray(new JsonObject { ["plaintext"] = batchPlaintext }) });
        var batchCiphertext = batch["data"]!["batch_results"]![0]!["ciphertext"]!.GetValue<string>();
        Assert.StartsWith("vault:v1:", batchCiphertext, StringComparison.Ordinal);
        return [plaintext, batchPlaintext, batchCiphertext];
    }

    private static async Task<string[]> TokenAndUserpassAsync(VaultHost vault)
    {
        var created = await vault.ReadJsonAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "default" } });
        await AuthHttp.WriteAsync(vault, "sys/auth/userpass", new { type = "userpass" });
        await AuthHttp.WriteAsync(vault, "auth/userpass/users/alice", new { password = "canary-password-c0a1", token_policies = "default" });
        var login = await AuthHttp.LoginTokenAsync(vault, "auth/userpass/login/alice", new { password = "canary-password-c0a1" });
        return [created["auth"]!["client_token"]!.GetValue<string>(), created["auth"]!["accessor"]!.GetValue<string>(), "canary-password-c0a1", login];
    }

    private static async Task<string[]> AppRoleAsync(VaultHost vault)
    {
        await AuthHttp.WriteAsync(vault, "sys/auth/approle", new { type = "approle" });
        await AuthHttp.WriteAsync(vault, "auth/approle/role/app", new { token_policies = "default" });
        var roleId = (await vault.ReadJsonAsync(HttpMethod.Get, "auth/approle/role/app/role-id"))["data"]!["role_id"]!.GetValue<string>();
        var secretId = (await vault.ReadJsonAsync(HttpMethod.Post, "auth/approle/role/app/secret-id"))["data"]!["secret_id"]!.GetValue<string>();
        var login = await AuthHttp.LoginTokenAsync(vault, "auth/approle/login", new { role_id = roleId, secret_id = secretId });
        return [secretId, login];
    }
}
