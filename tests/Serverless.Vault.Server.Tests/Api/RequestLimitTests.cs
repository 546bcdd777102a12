using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Serverless.Vault.Server.Tests.Api;

/// <summary>Request size, JSON complexity and path rules: clear 4xx answers, nothing written.</summary>
public sealed class RequestLimitTests : IAsyncLifetime
{
    private VaultHost _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await VaultHost.StartDevAsync("Vault:MaxRequestBytes=65536");
        (await _vault.SendAsync(HttpMethod.Post, "sys/mounts/kv", new { type = "kv" })).Dispose();
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Body_OverLimitWithContentLength_Returns413AndWritesNothing()
    {
        var json = $"{{\"v\":\"{new string('a', 70_000)}\"}}";
        using var response = await _vault.SendAsync(HttpMethod.Put, "kv/big", json);
        await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        using var read = await _vault.SendAsync(HttpMethod.Get, "kv/big");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Body_OverLimitChunked_Returns413()
    {
        var json = Encoding.UTF8.GetBytes($"{{\"v\":\"{new string('a', 70_000)}\"}}");
        using var request = new HttpRequestMessage(HttpMethod.Put, "/v1/kv/chunked")
        {
            Content = new StreamContent(new NonSeekableStream(json)),
        };
        request.Headers.Add("X-Vault-Token", _vault.RootToken);
        request.Headers.TransferEncodingChunked = true;
        using var response = await _vault.Client.SendAsync(request);
        await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Body_JustUnderLimit_IsAccepted()
    {
        var json = $"{{\"v\":\"{new string('a', 60_000)}\"}}";
        using var response = await _vault.SendAsync(HttpMethod.Put, "kv/fits", json);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Body_ChunkedUnderLimitAcrossSeveralBuffers_IsReadWhole()
    {
        // Larger than the first pooled array a body without a length is read into, so it grows twice on the way.
        var value = string.Concat(Enumerable.Range(0, 5_000).Select(i => i.ToString("D9", System.Globalization.CultureInfo.InvariantCulture) + ","));
        using var request = new HttpRequestMessage(HttpMethod.Put, "/v1/kv/chunked-fits")
        {
            Content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes($"{{\"v\":\"{value}\"}}"))),
        };
        request.Headers.Add("X-Vault-Token", _vault.RootToken);
        request.Headers.TransferEncodingChunked = true;
        using (var written = await _vault.Client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.NoContent, written.StatusCode);
        }

        using var read = await _vault.SendAsync(HttpMethod.Get, "kv/chunked-fits");
        var data = (await HttpResponseAssert.JsonAsync(read, HttpStatusCode.OK))["data"]!;
        Assert.Equal(value, data["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task Json_TooDeep_Returns400()
    {
        var json = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100)) + "}";
        using var response = await _vault.SendAsync(HttpMethod.Put, "kv/deep", json);
        await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Json_TooManyStrings_Returns400()
    {
        var json = "{\"a\":[" + string.Join(',', Enumerable.Repeat("\"x\"", 10_001)) + "]}";
        using var response = await _vault.SendAsync(HttpMethod.Put, "kv/many", json);
        await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Json_StringsExactlyAtLimitNestedInObjects_IsAccepted()
    {
        // 10,000 strings: the name "a", 4,999 objects of one name and one string value, and the name "y" (its value a number).
        var json = "{\"a\":[" + string.Join(',', Enumerable.Repeat("{\"x\":\"v\"}", 4_999)) + "],\"y\":5}";
        using var response = await _vault.SendAsync(HttpMethod.Put, "kv/at-limit", json);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var over = await _vault.SendAsync(HttpMethod.Put, "kv/over-limit", json.Replace("\"y\":5", "\"y\":\"5\"", StringComparison.Ordinal));
        await HttpResponseAssert.ErrorAsync(over, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/v1/kv/a/../b")]
    [InlineData("/v1/kv/./b")]
    [InlineData("/v1/kv/a/%2E%2E/b")]
    [InlineData("/v1/kv//b")]
    [InlineData("/v1/kv/a%01b")]
    [InlineData("/v1/kv/a%2F%2Fb")]
    public async Task Path_DotSegmentsEmptySegmentsOrControlCharacters_Returns400(string target)
    {
        // Sent over a raw socket: HttpClient would normalise "." and ".." away before they reach the server.
        var (status, body) = await RawRequestAsync("PUT", target, "{\"v\":\"1\"}");
        Assert.Equal(400, status);
        Assert.Contains("invalid path", body, StringComparison.Ordinal);
    }

    private async Task<(int Status, string Body)> RawRequestAsync(string method, string target, string body)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_vault.Address.Host, _vault.Address.Port);
        await using var stream = tcp.GetStream();
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"{method} {target} HTTP/1.1\r\nHost: {_vault.Address.Authority}\r\nX-Vault-Token: {_vault.RootToken}\r\n"
            + $"Content-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(bytes);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var status = int.Parse(text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }

    /// <summary>A stream without a length, so HttpClient must send it chunked.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
