using System.Net;
using System.Text.Json.Nodes;
using Serverless.Vault.Server.Tests.Kv;

namespace Serverless.Vault.Server.Tests.Wrapping;

/// <summary>
/// Unwrap is single use across instances: two server processes over one Azurite table race to unwrap the same token,
/// and the token's conditional use lets exactly one of them have the response.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WrappingAcrossProcessesTests(TwoServerProcesses processes) : IClassFixture<TwoServerProcesses>
{
    private const int UnwrapsPerProcess = 4;

    [Fact]
    public async Task ConcurrentUnwraps_FromTwoProcesses_ExactlyOneSucceeds()
    {
        var servers = processes.Servers;
        for (var round = 0; round < 3; round++)
        {
            var secret = $"round-{round}";
            using var wrapped = await WrappingHttp.SendWrappedAsync(
                servers[round % 2].Client, HttpMethod.Post, "sys/wrapping/wrap", processes.RootToken, "5m", new JsonObject { ["secret"] = secret });
            var token = WrappingHttp.Token(await WrappingHttp.WrapInfoAsync(wrapped));

            using var start = new SemaphoreSlim(0);
            var unwraps = Enumerable.Range(0, servers.Length * UnwrapsPerProcess).Select(async i =>
            {
                await start.WaitAsync();
                using var response = await servers[i % servers.Length].SendAsync(
                    HttpMethod.Post, "sys/wrapping/unwrap", processes.RootToken, new JsonObject { ["token"] = token });
                return (Status: response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            }).ToArray();
            start.Release(unwraps.Length);
            var results = await Task.WhenAll(unwraps);

            var winner = Assert.Single(results, r => r.Status == HttpStatusCode.OK);
            Assert.Equal(secret, JsonNode.Parse(winner.Body)!["data"]!["secret"]!.GetValue<string>());
            Assert.All(results.Where(r => r != winner), r => Assert.Equal((HttpStatusCode.BadRequest, WrappingHttp.Invalid), (r.Status, r.Body)));
        }
    }
}
