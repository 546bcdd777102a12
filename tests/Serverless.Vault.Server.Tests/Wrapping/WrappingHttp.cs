using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Wrapping;

/// <summary>Requests with X-Vault-Wrap-TTL, and the wrapped envelope's checks, over a client's HTTP connection.</summary>
internal static class WrappingHttp
{
    public const string Invalid = """{"errors":["wrapping token is not valid or does not exist"]}""";

    /// <summary>Sends a request with X-Vault-Wrap-TTL set to <paramref name="wrapTtl"/> exactly as given.</summary>
    public static async Task<HttpResponseMessage> SendWrappedAsync(
        HttpClient client, HttpMethod method, string path, string? token, string wrapTtl, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, "/v1/" + path);
        if (token is not null)
        {
            request.Headers.Add("X-Vault-Token", token);
        }

        request.Headers.Add("X-Vault-Wrap-TTL", wrapTtl);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await client.SendAsync(request).ConfigureAwait(false);
    }

    /// <summary>Asserts Vault's wrapped envelope (only wrap_info set, request_id "") and returns wrap_info.</summary>
    public static async Task<JsonObject> WrapInfoAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("", body["request_id"]!.GetValue<string>());
        Assert.Equal("", body["lease_id"]!.GetValue<string>());
        Assert.False(body["renewable"]!.GetValue<bool>());
        Assert.Equal(0, body["lease_duration"]!.GetValue<long>());
        foreach (var empty in new[] { "data", "auth", "warnings" })
        {
            Assert.True(body.ContainsKey(empty) && body[empty] is null, $"{empty} should be null: {text}");
        }

        return body["wrap_info"]!.AsObject();
    }

    public static string Token(JsonObject wrapInfo) => wrapInfo["token"]!.GetValue<string>();
}
