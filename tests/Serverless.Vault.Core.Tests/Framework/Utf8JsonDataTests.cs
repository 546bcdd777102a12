using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tests.Framework;

public sealed class Utf8JsonDataTests
{
    [Fact]
    public void Node_OfSegments_ParsesTheWholeObject()
    {
        var data = new Utf8JsonData([Bytes("{\"batch_results\":["), Bytes("{\"a\":1},{\"a\":2}"), Bytes(","), Bytes("{\"a\":3}"), Bytes("]}")]);

        var results = data.Node["batch_results"]!.AsArray();

        Assert.Equal([1, 2, 3], results.Select(r => r!["a"]!.GetValue<int>()));
    }

    [Fact]
    public void TryGetUnread_GivesTheBytesUntilTheNodesAreRead()
    {
        var data = new Utf8JsonData([Bytes("{\"x\":"), Bytes("\"y\"}")]);

        var unread = data.TryGetUnread(out var json);
        var text = Encoding.UTF8.GetString(json.ToArray());
        data.Node["x"] = "changed";
        var stillUnread = data.TryGetUnread(out _);

        Assert.True(unread);
        Assert.Equal("{\"x\":\"y\"}", text);
        Assert.False(stillUnread);
        Assert.Equal("changed", data.Node["x"]!.GetValue<string>());
    }

    [Fact]
    public void Node_NotAnObject_Throws()
    {
        var data = new Utf8JsonData([Bytes("[1]")]);

        Assert.Throws<InvalidOperationException>(() => data.Node);
    }

    [Fact]
    public void Response_DataUtf8_IsReadAsDataAndReplacedBySettingData()
    {
        var response = new VaultResponse { DataUtf8 = new Utf8JsonData([Bytes("{\"k\":\"v\"}")]) };
        var copy = response with { StatusCode = 400 };

        var read = copy.Data!["k"]!.GetValue<string>();
        var sharedUnread = response.DataUtf8!.TryGetUnread(out _);
        var replaced = response with { Data = new JsonObject { ["k"] = "w" } };

        Assert.Equal("v", read);
        Assert.False(sharedUnread);
        Assert.Null(replaced.DataUtf8);
        Assert.Equal("w", replaced.Data!["k"]!.GetValue<string>());
    }

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
