using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Kv;

/// <summary>Requests VaultHost.SendAsync cannot express: the LIST verb, PATCH with a chosen Content-Type, raw bodies.</summary>
internal static class KvRequests
{
    public static readonly HttpMethod List = new("LIST");

    public const string MergePatch = "application/merge-patch+json";

    /// <summary>Sends <paramref name="body"/> as-is with <paramref name="contentType"/>; the host's root token unless given.</summary>
    public static async Task<HttpResponseMessage> SendRawAsync(
        this VaultHost host, HttpMethod method, string path, string? body, string contentType = "application/json", string? token = null)
    {
        using var request = new HttpRequestMessage(method, "/v1/" + path);
        request.Headers.Add("X-Vault-Token", token ?? host.RootToken);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return await host.Client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PatchAsync(this VaultHost host, string path, JsonObject body, string contentType = MergePatch) =>
        host.SendRawAsync(HttpMethod.Patch, path, body.ToJsonString(), contentType);

    /// <summary>A KV v2 write: {"data": ..., "options": {"cas": n}} when a cas is given.</summary>
    public static JsonObject Write(JsonObject data, long? cas = null) => cas is { } version
        ? new JsonObject { ["data"] = data, ["options"] = new JsonObject { ["cas"] = version } }
        : new JsonObject { ["data"] = data };

    /// <summary>A path no other test uses.</summary>
    public static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    /// <summary>
    /// A KV v2 mount to test on: "secret" is dev mode's own; "kv-v2" and "kv+version" enable a fresh mount the two ways
    /// Vault accepts (type kv-v2, or type kv with options.version "2").
    /// </summary>
    public static async Task<string> V2MountAsync(this VaultHost host, string kind)
    {
        if (kind == "secret")
        {
            return "secret";
        }

        var mount = Unique("kv2");
        object body = kind == "kv-v2" ? new { type = "kv-v2" } : new { type = "kv", options = new { version = "2" } };
        using var response = await host.SendAsync(HttpMethod.Post, $"sys/mounts/{mount}", body);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
        return mount;
    }

    /// <summary>Writes a KV v2 version and returns the response's data (the version metadata).</summary>
    public static async Task<JsonObject> WriteV2Async(this VaultHost host, string mount, string path, JsonObject data, long? cas = null) =>
        (await host.ReadJsonAsync(HttpMethod.Post, $"{mount}/data/{path}", Write(data, cas)))["data"]!.AsObject();

    /// <summary>The sorted string values of data.keys.</summary>
    public static string[] Keys(JsonObject listing) =>
        [.. listing["data"]!["keys"]!.AsArray().Select(k => k!.GetValue<string>()).Order(StringComparer.Ordinal)];
}
