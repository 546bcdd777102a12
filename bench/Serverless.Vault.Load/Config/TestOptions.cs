using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Load.Config;

/// <summary>A test's "options" object, read with defaults; a value of the wrong type is a config error naming the test and option.</summary>
internal sealed class TestOptions(string test, JsonObject? options)
{
    public string? StringOrNull(string name) => Read(name, n => n.GetValue<string>());

    public string String(string name, string fallback) => StringOrNull(name) ?? fallback;

    public string Required(string name) =>
        StringOrNull(name) ?? throw new LoadConfigException($"test \"{test}\" needs option \"{name}\"");

    public int Int(string name, int fallback) => Read<int?>(name, n => n.GetValue<int>()) ?? fallback;

    public bool Bool(string name, bool fallback) => Read<bool?>(name, n => n.GetValue<bool>()) ?? fallback;

    public IReadOnlyList<string> Strings(string name) =>
        Read(name, n => n.AsArray().Select(e => e!.GetValue<string>()).ToList()) ?? [];

    private T? Read<T>(string name, Func<JsonNode, T> read)
    {
        if (options?[name] is not { } node)
        {
            return default;
        }

        try
        {
            return read(node);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException or NullReferenceException)
        {
            throw new LoadConfigException($"test \"{test}\": option \"{name}\" has the wrong type ({node.ToJsonString()})");
        }
    }
}
