using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Auth;

/// <summary>
/// AppRole's role, role-id, secret-id and accessor endpoints and its refused logins over real HTTP, on one dev host
/// per class with AppRole enabled at auth/approle.
/// </summary>
public sealed class AppRoleEndpointsHttpTests(AppRoleEndpointsHttpTests.Host host) : IClassFixture<AppRoleEndpointsHttpTests.Host>
{
    private const string Invalid = "invalid role or secret ID";

    private static readonly HttpMethod List = new("LIST");

    private VaultHost Vault => host.Vault;

    [Fact]
    public async Task Roles_AreListedReadAndDeleted()
    {
        await CreateRoleAsync("rl-web", new { token_policies = "web", token_ttl = "20m" });
        await CreateRoleAsync("rl-db", new { token_policies = "db" });

        var keys = AuthHttp.Strings((await Vault.ReadJsonAsync(List, "auth/approle/role"))["data"]!["keys"]);
        Assert.Contains("rl-web", keys);
        Assert.Contains("rl-db", keys);
        var role = await Vault.ReadJsonAsync(HttpMethod.Get, "auth/approle/role/rl-web");
        Assert.Equal(["web"], AuthHttp.Strings(role["data"]!["token_policies"]));
        Assert.Equal(1200, role["data"]!["token_ttl"]!.GetValue<long>());
        Assert.True(role["data"]!["bind_secret_id"]!.GetValue<bool>());

        await ExpectAsync(HttpMethod.Delete, "auth/approle/role/rl-web", null, HttpStatusCode.NoContent);

        await ExpectAsync(HttpMethod.Get, "auth/approle/role/rl-web", null, HttpStatusCode.NotFound);
        await ExpectAsync(HttpMethod.Get, "auth/approle/role/rl-web/role-id", null, HttpStatusCode.NotFound);
        Assert.DoesNotContain("rl-web", AuthHttp.Strings((await Vault.ReadJsonAsync(List, "auth/approle/role"))["data"]!["keys"]));
    }

    [Fact]
    public async Task RoleId_IsReadAndReplaced_TheOldOneStopsLoggingIn()
    {
        var oldId = await CreateRoleAsync("ri-web", new { token_policies = "web" });
        var (secretId, _) = await SecretIdAsync("ri-web");

        await ExpectAsync(HttpMethod.Post, "auth/approle/role/ri-web/role-id", new { role_id = "ri-custom-id" }, HttpStatusCode.NoContent);

        var read = await Vault.ReadJsonAsync(HttpMethod.Get, "auth/approle/role/ri-web/role-id");
        Assert.Equal("ri-custom-id", read["data"]!["role_id"]!.GetValue<string>());
        await AuthHttp.RefusedAsync(Vault, "auth/approle/login", new { role_id = oldId, secret_id = secretId }, HttpStatusCode.BadRequest, Invalid);
        Assert.NotEmpty(await AuthHttp.LoginTokenAsync(Vault, "auth/approle/login", new { role_id = "ri-custom-id", secret_id = secretId }));
    }

    [Fact]
    public async Task SecretId_IsGeneratedWithMetadataListedLookedUpAndDestroyed()
    {
        var roleId = await CreateRoleAsync("si-web", new { token_policies = "web" });
        var (secretId, accessor) = await SecretIdAsync("si-web", "{\"team\":\"blue\",\"env\":\"prod\"}");

        var listed = await Vault.ReadJsonAsync(List, "auth/approle/role/si-web/secret-id");
        Assert.Equal([accessor], AuthHttp.Strings(listed["data"]!["keys"]));
        var lookup = await Vault.ReadJsonAsync(HttpMethod.Post, "auth/approle/role/si-web/secret-id/lookup", new { secret_id = secretId });
        Assert.Equal(accessor, lookup["data"]!["secret_id_accessor"]!.GetValue<string>());
        Assert.Equal("blue", lookup["data"]!["metadata"]!["team"]!.GetValue<string>());
        Assert.Equal("prod", lookup["data"]!["metadata"]!["env"]!.GetValue<string>());
        Assert.DoesNotContain(secretId, lookup.ToJsonString(), StringComparison.Ordinal);

        await ExpectAsync(HttpMethod.Post, "auth/approle/role/si-web/secret-id/destroy", new { secret_id = secretId }, HttpStatusCode.NoContent);

        await ExpectAsync(HttpMethod.Post, "auth/approle/role/si-web/secret-id/lookup", new { secret_id = secretId }, HttpStatusCode.NoContent);
        await ExpectAsync(List, "auth/approle/role/si-web/secret-id", null, HttpStatusCode.NotFound);
        await AuthHttp.RefusedAsync(Vault, "auth/approle/login", new { role_id = roleId, secret_id = secretId }, HttpStatusCode.BadRequest, Invalid);
    }

    [Fact]
    public async Task SecretIdAccessor_IsLookedUpAndDestroyed_AnotherRolesAccessorIsNotFound()
    {
        var roleId = await CreateRoleAsync("sa-web", new { token_policies = "web" });
        await CreateRoleAsync("sa-db", new { token_policies = "db" });
        var (secretId, accessor) = await SecretIdAsync("sa-web");
        var missing = $"failed to find accessor entry for secret_id_accessor: \"{accessor}\"";

        foreach (var action in new[] { "lookup", "destroy" })
        {
            using var other = await Vault.SendAsync(HttpMethod.Post, $"auth/approle/role/sa-db/secret-id-accessor/{action}", new { secret_id_accessor = accessor });
            Assert.Equal([missing], await HttpResponseAssert.ErrorAsync(other, HttpStatusCode.NotFound));
        }

        var lookup = await Vault.ReadJsonAsync(HttpMethod.Post, "auth/approle/role/sa-web/secret-id-accessor/lookup", new { secret_id_accessor = accessor });
        Assert.Equal(accessor, lookup["data"]!["secret_id_accessor"]!.GetValue<string>());
        Assert.DoesNotContain(secretId, lookup.ToJsonString(), StringComparison.Ordinal);

        await ExpectAsync(HttpMethod.Post, "auth/approle/role/sa-web/secret-id-accessor/destroy", new { secret_id_accessor = accessor }, HttpStatusCode.NoContent);

        await AuthHttp.RefusedAsync(Vault, "auth/approle/login", new { role_id = roleId, secret_id = secretId }, HttpStatusCode.BadRequest, Invalid);
        using var gone = await Vault.SendAsync(HttpMethod.Post, "auth/approle/role/sa-web/secret-id-accessor/lookup", new { secret_id_accessor = accessor });
        Assert.Equal([missing], await HttpResponseAssert.ErrorAsync(gone, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task CustomSecretId_LogsInAndCannotBeRegisteredTwice()
    {
        var roleId = await CreateRoleAsync("cs-web", new { token_policies = "web" });

        var issued = await Vault.ReadJsonAsync(HttpMethod.Post, "auth/approle/role/cs-web/custom-secret-id", new { secret_id = "cs-my-own-secret", num_uses = 2 });

        Assert.Equal("cs-my-own-secret", issued["data"]!["secret_id"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(issued["data"]!["secret_id_accessor"]!.GetValue<string>()));
        Assert.NotEmpty(await AuthHttp.LoginTokenAsync(Vault, "auth/approle/login", new { role_id = roleId, secret_id = "cs-my-own-secret" }));
        using var again = await Vault.SendAsync(HttpMethod.Post, "auth/approle/role/cs-web/custom-secret-id", new { secret_id = "cs-my-own-secret" });
        Assert.Equal(["SecretID is already registered"], await HttpResponseAssert.ErrorAsync(again, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("wrong-secret", Invalid)]
    [InlineData("other-roles-secret", Invalid)]
    [InlineData("used-up", Invalid)]
    [InlineData("unknown-role-id", Invalid)]
    [InlineData("missing-role-id", "missing role_id")]
    [InlineData("missing-secret-id", "missing secret_id")]
    public async Task Login_BadCredentials_Are400WithVaultsErrorShapeAndMintNothing(string kind, string message)
    {
        var roleId = await CreateRoleAsync("bad-" + kind, new { token_policies = "web" });
        await CreateRoleAsync("bad-other-" + kind, new { token_policies = "db" });
        var (secretId, _) = await SecretIdAsync("bad-" + kind, numUses: 1);
        var (otherSecretId, _) = await SecretIdAsync("bad-other-" + kind);
        if (kind == "used-up")
        {
            await AuthHttp.LoginTokenAsync(Vault, "auth/approle/login", new { role_id = roleId, secret_id = secretId });
        }

        object body = kind switch
        {
            "wrong-secret" => new { role_id = roleId, secret_id = "not-the-secret" },
            "other-roles-secret" => new { role_id = roleId, secret_id = otherSecretId },
            "used-up" => new { role_id = roleId, secret_id = secretId },
            "unknown-role-id" => new { role_id = "no-such-role-id", secret_id = secretId },
            "missing-role-id" => new { secret_id = secretId },
            "missing-secret-id" => new { role_id = roleId },
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        await AuthHttp.RefusedAsync(Vault, "auth/approle/login", body, HttpStatusCode.BadRequest, message);
    }

    private async Task<string> CreateRoleAsync(string name, object settings)
    {
        await ExpectAsync(HttpMethod.Post, "auth/approle/role/" + name, settings, HttpStatusCode.NoContent);
        return (await Vault.ReadJsonAsync(HttpMethod.Get, $"auth/approle/role/{name}/role-id"))["data"]!["role_id"]!.GetValue<string>();
    }

    private async Task<(string SecretId, string Accessor)> SecretIdAsync(string role, string? metadata = null, int numUses = 0)
    {
        var body = new JsonObject { ["num_uses"] = numUses };
        if (metadata is not null)
        {
            body["metadata"] = metadata;
        }

        var data = (await Vault.ReadJsonAsync(HttpMethod.Post, $"auth/approle/role/{role}/secret-id", body.ToJsonString()))["data"]!;
        return (data["secret_id"]!.GetValue<string>(), data["secret_id_accessor"]!.GetValue<string>());
    }

    private async Task ExpectAsync(HttpMethod method, string path, object? body, HttpStatusCode status)
    {
        using var response = await Vault.SendAsync(method, path, body);
        Assert.True(status == response.StatusCode, $"{method} {path}: expected {(int)status}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>One dev host for the class, AppRole enabled at auth/approle.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private VaultHost? _vault;

        public VaultHost Vault => _vault ?? throw new InvalidOperationException("The host starts in InitializeAsync.");

        public async Task InitializeAsync()
        {
            _vault = await VaultHost.StartDevAsync();
            await AuthHttp.WriteAsync(_vault, "sys/auth/approle", new { type = "approle" });
        }

        public async Task DisposeAsync()
        {
            if (_vault is not null)
            {
                await _vault.DisposeAsync();
            }
        }
    }
}
