using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Auth;

/// <summary>Shared steps of the auth-method HTTP tests: writes that must succeed, anonymous logins, refused logins.</summary>
internal static class AuthHttp
{
    public static async Task WriteAsync(VaultHost vault, string path, object body)
    {
        using var response = await vault.SendAsync(HttpMethod.Post, path, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A login carries no X-Vault-Token header at all (the host's SendAsync would add the root token).</summary>
    public static async Task<HttpResponseMessage> LoginAsync(VaultHost vault, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/" + path) { Content = JsonContent.Create(body) };
        return await vault.Client.SendAsync(request);
    }

    public static async Task<string> LoginTokenAsync(VaultHost vault, string path, object body)
    {
        using var response = await LoginAsync(vault, path, body);
        var json = await HttpResponseAssert.JsonAsync(response, HttpStatusCode.OK);
        return json["auth"]!["client_token"]!.GetValue<string>();
    }

    /// <summary>
    /// Asserts the login answers <paramref name="status"/> with exactly <paramref name="message"/> in Vault's
    /// {"errors":[...]} body, and that no token was minted (the root token counts the accessors before and after).
    /// </summary>
    public static async Task RefusedAsync(VaultHost vault, string path, object body, HttpStatusCode status, string message)
    {
        var before = await TokenCountAsync(vault);

        using var response = await LoginAsync(vault, path, body);

        Assert.Equal([message], await HttpResponseAssert.ErrorAsync(response, status));
        Assert.DoesNotContain("client_token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await TokenCountAsync(vault));
    }

    public static async Task<int> TokenCountAsync(VaultHost vault)
    {
        var body = await vault.ReadJsonAsync(new HttpMethod("LIST"), "auth/token/accessors");
        return body["data"]!["keys"]!.AsArray().Count;
    }

    /// <summary>The JWT with one character of its signature changed.</summary>
    public static string Tamper(string jwt)
    {
        var parts = jwt.Split('.');
        var signature = parts[2].ToCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A';
        return $"{parts[0]}.{parts[1]}.{new string(signature)}";
    }

    public static string[] Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
}
