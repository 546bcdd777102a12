using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Serverless.Vault.Server.Tests.Tokens;

/// <summary>Token and policy requests the token and policy tests share.</summary>
internal static partial class TokenRequests
{
    public static readonly HttpMethod List = new("LIST");

    /// <summary>Creates a token through auth/token/create (or another create path) and returns the auth block.</summary>
    public static async Task<JsonObject> CreateTokenAsync(this VaultHost host, object body, string? token = null, string path = "auth/token/create")
    {
        var response = await host.ReadJsonAsync(HttpMethod.Post, path, body, token);
        Assert.Null(response["data"]);
        return response["auth"]!.AsObject();
    }

    /// <summary>A child of the root token with exactly these policies (plus default), and its id.</summary>
    public static async Task<string> TokenWithPoliciesAsync(this VaultHost host, params string[] policies) =>
        (await host.CreateTokenAsync(new { policies }))["client_token"]!.GetValue<string>();

    public static async Task WritePolicyAsync(this VaultHost host, string name, string hcl)
    {
        using var response = await host.SendAsync(HttpMethod.Put, $"sys/policies/acl/{name}", new { policy = hcl });
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"policy {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Sends a request and returns only its status (the body is read so the connection is reusable).</summary>
    public static async Task<HttpStatusCode> StatusAsync(this VaultHost host, HttpMethod method, string path, object? body = null, string? token = null)
    {
        using var response = await host.SendAsync(method, path, body, token);
        await response.Content.ReadAsStringAsync();
        return response.StatusCode;
    }

    /// <summary>Asserts a 204 with an empty body, as Vault answers revocations and writes.</summary>
    public static async Task AssertNoContentAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"expected 204, got {(int)response.StatusCode}: {text}");
        Assert.Equal("", text);
    }

    public static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(v => v!.GetValue<string>())];

    public static string[] Sorted(JsonNode? array) => [.. Strings(array).Order(StringComparer.Ordinal)];

    /// <summary>Service tokens: "hvs." and 24 base62 characters.</summary>
    [GeneratedRegex("^hvs\\.[A-Za-z0-9]{24}$")]
    public static partial Regex ServiceToken();

    /// <summary>Accessors: 24 base62 characters.</summary>
    [GeneratedRegex("^[A-Za-z0-9]{24}$")]
    public static partial Regex Accessor();

    /// <summary>Batch tokens: "hvb." and base64url.</summary>
    [GeneratedRegex("^hvb\\.[A-Za-z0-9_-]+$")]
    public static partial Regex BatchToken();
}
