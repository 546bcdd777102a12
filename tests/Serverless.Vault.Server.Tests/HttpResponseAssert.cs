using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests;

/// <summary>Assertions on Vault's wire format.</summary>
internal static class HttpResponseAssert
{
    /// <summary>Asserts the status, the exact Content-Type and Vault's error body; returns the error messages.</summary>
    public static async Task<IReadOnlyList<string>> ErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        var errors = JsonNode.Parse(text)!["errors"]!.AsArray();
        return errors.Select(e => e!.GetValue<string>()).ToArray();
    }

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        return JsonNode.Parse(text)!.AsObject();
    }
}
