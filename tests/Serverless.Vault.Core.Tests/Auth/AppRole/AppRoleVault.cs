using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Auth.AppRole;

/// <summary>A test vault with AppRole enabled at auth/approle, and the few steps every AppRole test repeats.</summary>
internal static class AppRoleVault
{
    public static async Task<TestVault> StartAsync()
    {
        var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/auth/approle", new JsonObject { ["type"] = "approle" }));
        return vault;
    }

    /// <summary>Creates a role and returns its role_id.</summary>
    public static async Task<string> CreateRoleAsync(TestVault vault, string name, JsonObject? settings = null)
    {
        VaultAssert.NoContent(await vault.WriteAsync($"auth/approle/role/{name}", settings ?? new JsonObject { ["token_policies"] = "web" }));
        return VaultAssert.Ok(await vault.ReadAsync($"auth/approle/role/{name}/role-id"))["role_id"]!.GetValue<string>();
    }

    /// <summary>Generates a secret ID and returns (secret_id, secret_id_accessor).</summary>
    public static async Task<(string SecretId, string Accessor)> SecretIdAsync(TestVault vault, string role, JsonObject? body = null)
    {
        var data = VaultAssert.Ok(await vault.WriteAsync($"auth/approle/role/{role}/secret-id", body));
        return (data["secret_id"]!.GetValue<string>(), data["secret_id_accessor"]!.GetValue<string>());
    }

    /// <summary>An unauthenticated login, from <paramref name="remoteAddress"/> when given.</summary>
    public static Task<VaultResponse?> LoginAsync(TestVault vault, string roleId, string? secretId, string? remoteAddress = null)
    {
        var body = new JsonObject { ["role_id"] = roleId };
        if (secretId is not null)
        {
            body["secret_id"] = secretId;
        }

        return vault.Handler.HandleAsync(
            new VaultRequest
            {
                RequestId = Guid.NewGuid().ToString("D"),
                Operation = Operation.Update,
                Path = "auth/approle/login",
                Data = body,
                RemoteAddress = remoteAddress,
            },
            CancellationToken.None);
    }

    /// <summary>Asserts the 404 a read or list that finds nothing gives.</summary>
    public static void NotFound(VaultResponse? response) => Assert.Equal(404, response?.StatusCode);

    /// <summary>How many tokens exist (the root token included): a failed login must not change it.</summary>
    public static async Task<int> TokenCountAsync(TestVault vault) =>
        VaultAssert.Ok(await vault.ListAsync("auth/token/accessors"))["keys"]!.AsArray().Count;
}
