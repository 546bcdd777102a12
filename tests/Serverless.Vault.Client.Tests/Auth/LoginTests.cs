using System.Net;
using System.Text.Json.Nodes;
using Azure.Core;
using Serverless.Vault.Client.Auth;
using Serverless.Vault.Client.DependencyInjection;

namespace Serverless.Vault.Client.Tests.Auth;

/// <summary>Each login method against the dev vault over HTTP, with credentials the vault really checks.</summary>
public sealed class LoginTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>, IAsyncLifetime
{
    private DevVault Vault => fixture.Vault;

    public Task InitializeAsync() => VaultArrange.ReaderAndSecretAsync(Vault, "login/app", "s3cret-value");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AppRoleAuth_CustomMount_LogsInAndReads()
    {
        var (roleId, secretId) = await VaultArrange.AppRoleAsync(Vault, "approle-custom", "app");
        using var client = Vault.NewClient(new AppRoleAuth(roleId, secretId, mount: "approle-custom"));

        var secret = await client.KvV2().ReadAsync("login/app");

        Assert.Equal("s3cret-value", secret!.Data["value"]!.GetValue<string>());
        var self = await client.ReadAsync("auth/token/lookup-self");
        Assert.Equal("auth/approle-custom/login", self!.Data!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task UserpassAuth_RightPassword_LogsInAndReads()
    {
        await Vault.SendAsync(HttpMethod.Post, "sys/auth/userpass-ok", new { type = "userpass" });
        await Vault.SendAsync(HttpMethod.Post, "auth/userpass-ok/users/alice", new { password = "correct horse", token_policies = VaultArrange.ReaderPolicy });
        using var client = Vault.NewClient(new UserpassAuth("alice", "correct horse", mount: "userpass-ok"));

        var secret = await client.KvV2().ReadAsync("login/app");

        Assert.Equal("s3cret-value", secret!.Data["value"]!.GetValue<string>());
        Assert.NotNull(client.Tokens.Accessor);
    }

    [Fact]
    public async Task UserpassAuth_WrongPassword_ThrowsWithoutThePassword()
    {
        await Vault.SendAsync(HttpMethod.Post, "sys/auth/userpass-bad", new { type = "userpass" });
        await Vault.SendAsync(HttpMethod.Post, "auth/userpass-bad/users/bob", new { password = "the-real-one" });
        using var client = Vault.NewClient(new UserpassAuth("bob", "wrong-password-123", mount: "userpass-bad"));

        var error = await Assert.ThrowsAsync<VaultApiException>(() => client.KvV2().ReadAsync("login/app"));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("auth/userpass-bad/login/bob", error.Path);
        Assert.DoesNotContain("wrong-password-123", error.ToString(), StringComparison.Ordinal);
        Assert.Null(client.Tokens.Accessor);
    }

    [Fact]
    public async Task JwtAuth_SignedJwt_TakesAFreshJwtForEachLogin()
    {
        await using var issuer = await TestJwtIssuer.StartAsync();
        await EnableJwtAsync(issuer, "jwt-login");
        var issued = 0;
        var auth = new JwtAuth("ci", _ => ValueTask.FromResult(RunnerJwt(issuer, Interlocked.Increment(ref issued))), mount: "jwt-login");
        using var client = Vault.NewClient(auth);

        Assert.NotNull(await client.KvV2().ReadAsync("login/app"));
        await VaultArrange.RevokeAccessorAsync(Vault, client.Tokens.Accessor!);
        Assert.NotNull(await client.KvV2().ReadAsync("login/app"));

        Assert.Equal(2, issued);
        var self = await client.ReadAsync("auth/token/lookup-self");
        Assert.Equal("jwt-login-runner-2", self!.Data!["display_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task JwtAuth_FromFile_ReadsTheFileAtLogin()
    {
        await using var issuer = await TestJwtIssuer.StartAsync();
        await EnableJwtAsync(issuer, "jwt-file");
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, RunnerJwt(issuer, 7) + "\n");
            using var client = Vault.NewClient(JwtAuth.FromFile("ci", file, mount: "jwt-file"));

            var self = await client.ReadAsync("auth/token/lookup-self");

            Assert.Equal("jwt-file-runner-7", self!.Data!["display_name"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AzureAuth_AccessTokenFromCredential_LogsInWithResourceFields()
    {
        const string resource = "https://vault.example/";
        const string objectId = "11111111-2222-3333-4444-555555555555";
        await using var issuer = await TestJwtIssuer.StartAsync();
        await Vault.SendAsync(HttpMethod.Post, "sys/auth/azure-login", new { type = "azure" });
        await Vault.SendAsync(HttpMethod.Post, "auth/azure-login/config", new { tenant_id = "tenant-1", resource, issuer = issuer.Issuer, metadata_url = issuer.MetadataUrl });
        await Vault.SendAsync(HttpMethod.Post, "auth/azure-login/role/web", new
        {
            bound_service_principal_ids = new[] { objectId },
            bound_resource_groups = new[] { "prod-rg" },
            token_policies = new[] { VaultArrange.ReaderPolicy },
        });
        var credential = new SigningCredential(scope =>
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            return issuer.Sign(new JsonObject
            {
                ["iss"] = issuer.Issuer,
                ["aud"] = scope == "https://vault.example/.default" ? resource : scope,
                ["oid"] = objectId,
                ["sub"] = objectId,
                ["xms_mirid"] = "/subscriptions/sub-1/resourcegroups/prod-rg/providers/Microsoft.Compute/virtualMachineScaleSets/web",
                ["nbf"] = now - 5,
                ["exp"] = now + 300,
            });
        });
        var auth = new AzureAuth("web", credential, resource, mount: "azure-login")
        {
            SubscriptionId = "sub-1",
            ResourceGroupName = "prod-rg",
            VmssName = "web",
        };
        using var client = Vault.NewClient(auth);

        var secret = await client.KvV2().ReadAsync("login/app");

        Assert.Equal("s3cret-value", secret!.Data["value"]!.GetValue<string>());
        Assert.Equal(["https://vault.example/.default"], credential.Scopes);
        var meta = (await client.ReadAsync("auth/token/lookup-self"))!.Data!["meta"]!;
        Assert.Equal("web", meta["vmss_name"]!.GetValue<string>());
        Assert.Equal("prod-rg", meta["resource_group_name"]!.GetValue<string>());
        Assert.Null(meta["vm_name"]);
    }

    [Fact]
    public void AuthMethods_ToString_ShowNoCredential()
    {
        object[] described =
        [
            new TokenAuth("hvs.secret-token"),
            new AppRoleAuth("role-1", "secret-id-1"),
            new UserpassAuth("carol", "pa55word"),
            new JwtAuth("ci", _ => ValueTask.FromResult("jwt-1")),
            new VaultAuthOptions { Method = "userpass", Token = "hvs.secret-token", SecretId = "secret-id-1", Password = "pa55word" },
        ];

        foreach (var text in described.Select(d => d.ToString()!))
        {
            Assert.DoesNotContain("hvs.secret-token", text, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-id-1", text, StringComparison.Ordinal);
            Assert.DoesNotContain("pa55word", text, StringComparison.Ordinal);
        }
    }

    private static string RunnerJwt(TestJwtIssuer issuer, int runner)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return issuer.Sign(new JsonObject { ["sub"] = $"runner-{runner}", ["aud"] = "vault", ["iat"] = now, ["nbf"] = now - 5, ["exp"] = now + 300 });
    }

    /// <summary>JWT auth at the mount, trusting the issuer's public key (jwt_validation_pubkeys), with a role "ci".</summary>
    private async Task EnableJwtAsync(TestJwtIssuer issuer, string mount)
    {
        await Vault.SendAsync(HttpMethod.Post, $"sys/auth/{mount}", new { type = "jwt" });
        await Vault.SendAsync(HttpMethod.Post, $"auth/{mount}/config", new { jwt_validation_pubkeys = new[] { issuer.PublicKeyPem } });
        await Vault.SendAsync(HttpMethod.Post, $"auth/{mount}/role/ci", new
        {
            role_type = "jwt",
            user_claim = "sub",
            bound_audiences = new[] { "vault" },
            token_policies = new[] { VaultArrange.ReaderPolicy },
        });
    }

    /// <summary>A credential like the managed identity's: hands out a signed access token for the asked scope.</summary>
    private sealed class SigningCredential(Func<string, string> sign) : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken(sign(requestContext.Scopes[0]), DateTimeOffset.UtcNow.AddMinutes(5));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
