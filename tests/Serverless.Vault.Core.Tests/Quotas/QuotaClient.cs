using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Quotas;

/// <summary>Requests from a given client address (quotas count per address), and the quota writes the tests repeat.</summary>
internal static class QuotaClient
{
    /// <summary>The address admin writes come from in these tests, kept apart from the clients under test.</summary>
    public const string Admin = "192.0.2.250";

    public static Task<VaultResponse?> SendAsync(TestVault vault, string client, Operation operation, string path, JsonObject? data = null, string? token = TestVault.RootToken) =>
        vault.SendAsync(operation, path, data, token, remoteAddress: client);

    public static Task<VaultResponse?> ReadAsync(TestVault vault, string client, string path) => SendAsync(vault, client, Operation.Read, path);

    /// <summary>Writes a quota from the admin address and asserts the 204.</summary>
    public static async Task CreateAsync(TestVault vault, string name, JsonObject settings)
    {
        VaultAssert.NoContent(await SendAsync(vault, Admin, Operation.Update, "sys/quotas/rate-limit/" + name, settings));
    }

    /// <summary>Asserts Vault's 429 for a request to <paramref name="path"/>, and returns its Retry-After.</summary>
    public static int AssertLimited(VaultResponse? response, string path)
    {
        VaultAssert.Error(response, 429, $"request path \"{path}\": rate limit quota exceeded");
        return response!.RetryAfterSeconds ?? throw new Xunit.Sdk.XunitException("a 429 without Retry-After");
    }

    /// <summary>Asserts the request got past the quota (whatever the backend then answered).</summary>
    public static void AssertNotLimited(VaultResponse? response) => Assert.NotEqual(429, response?.StatusCode);
}
