using System.Net;
using System.Text;
using Serverless.Vault.Server.Tests.Kv;

namespace Serverless.Vault.Server.Tests.Transit;

/// <summary>Helpers for transit over HTTP: a fresh mount per test, base64 and the ciphertext's version.</summary>
internal static class TransitHttp
{
    public static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public static async Task<string> MountAsync(VaultHost host)
    {
        var mount = KvRequests.Unique("transit");
        using var response = await host.SendAsync(HttpMethod.Post, $"sys/mounts/{mount}", new { type = "transit" });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return mount;
    }
}
