using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Auth.Userpass;

/// <summary>A vault with userpass enabled at auth/userpass/, and the few steps every userpass test repeats.</summary>
internal static class UserpassVault
{
    public static async Task<TestVault> StartAsync()
    {
        var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/auth/userpass", new JsonObject { ["type"] = "userpass" }));
        return vault;
    }

    public static async Task CreateUserAsync(this TestVault vault, string username, string password, JsonObject? extra = null)
    {
        var body = extra ?? [];
        body["password"] = password;
        VaultAssert.NoContent(await vault.WriteAsync("auth/userpass/users/" + username, body));
    }

    public static Task<VaultResponse?> LoginAsync(this TestVault vault, string username, string password) =>
        vault.WriteAsync("auth/userpass/login/" + username, new JsonObject { ["password"] = password }, token: null);

    public static async Task<int> TokenCountAsync(this TestVault vault) =>
        VaultAssert.Ok(await vault.ListAsync("auth/token/accessors"))["keys"]!.AsArray().Count;
}
