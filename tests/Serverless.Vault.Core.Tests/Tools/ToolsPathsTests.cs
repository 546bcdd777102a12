using System.Text;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Tools;

/// <summary>sys/tools/random and sys/tools/hash answer exactly as transit's random and hash do.</summary>
public sealed class ToolsPathsTests : IAsyncLifetime
{
    private static readonly string Input = Convert.ToBase64String(Encoding.UTF8.GetBytes("hello vault"));

    private TestVault _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await TestVault.InitializedAsync();
        await _vault.EnableAsync("transit", "transit");
    }

    public Task DisposeAsync()
    {
        _vault.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("sha2-224", "hex")]
    [InlineData("sha2-256", "hex")]
    [InlineData("sha2-384", "base64")]
    [InlineData("sha2-512", "hex")]
    [InlineData("sha2-512", "base64")]
    public async Task Hash_EqualsTransitsAnswer(string algorithm, string format)
    {
        var body = new JsonObject { ["input"] = Input, ["format"] = format };
        var fromPath = VaultAssert.Ok(await _vault.WriteAsync("sys/tools/hash/" + algorithm, body));
        var fromBody = VaultAssert.Ok(await _vault.WriteAsync("sys/tools/hash", new JsonObject { ["input"] = Input, ["format"] = format, ["algorithm"] = algorithm }));
        var transit = VaultAssert.Ok(await _vault.WriteAsync("transit/hash/" + algorithm, body));

        Assert.Equal(transit.ToJsonString(), fromPath.ToJsonString());
        Assert.Equal(transit.ToJsonString(), fromBody.ToJsonString());
    }

    [Fact]
    public async Task Hash_DefaultsToSha256Hex()
    {
        var sum = VaultAssert.Ok(await _vault.WriteAsync("sys/tools/hash", new JsonObject { ["input"] = Convert.ToBase64String("abc"u8.ToArray()) }))["sum"]!.GetValue<string>();

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", sum);
    }

    [Theory]
    [InlineData("sys/tools/random", null, 32, "base64")]
    [InlineData("sys/tools/random/16", null, 16, "base64")]
    [InlineData("sys/tools/random/platform/8", "hex", 8, "hex")]
    [InlineData("sys/tools/random/all/64", "base64", 64, "base64")]
    [InlineData("sys/tools/random/seal", "hex", 32, "hex")]
    public async Task Random_HasTheSizeAndFormatAsked(string path, string? format, int bytes, string expectedFormat)
    {
        var body = format is null ? null : new JsonObject { ["format"] = format };
        var text = VaultAssert.Ok(await _vault.WriteAsync(path, body))["random_bytes"]!.GetValue<string>();

        var decoded = expectedFormat == "hex" ? Convert.FromHexString(text) : Convert.FromBase64String(text);
        Assert.Equal(bytes, decoded.Length);
        Assert.Equal(expectedFormat == "hex", text.All(char.IsAsciiHexDigitLower));
    }

    [Theory]
    [InlineData("random", """{"bytes":0}""")]
    [InlineData("random", """{"bytes":131073}""")]
    [InlineData("random/moon", "{}")]
    [InlineData("random/platform/x1", "{}")]
    [InlineData("random", """{"format":"base32"}""")]
    [InlineData("hash/md5", """{"input":"aGk="}""")]
    [InlineData("hash", """{"input":"aGk=","format":"binary"}""")]
    [InlineData("hash", """{"input":"not base64!"}""")]
    public async Task BadInput_GetsTransitsAnswer(string path, string body)
    {
        var tools = await _vault.WriteAsync("sys/tools/" + path, JsonNode.Parse(body)!.AsObject());
        var transit = await _vault.WriteAsync("transit/" + path, JsonNode.Parse(body)!.AsObject());

        Assert.Equal(400, tools?.StatusCode);
        Assert.Equal(transit!.Errors, tools!.Errors);
    }

    [Fact]
    public async Task Random_TwoCalls_Differ()
    {
        var first = VaultAssert.Ok(await _vault.WriteAsync("sys/tools/random/32"))["random_bytes"]!.GetValue<string>();
        var second = VaultAssert.Ok(await _vault.WriteAsync("sys/tools/random/32"))["random_bytes"]!.GetValue<string>();

        Assert.NotEqual(first, second);
    }
}
