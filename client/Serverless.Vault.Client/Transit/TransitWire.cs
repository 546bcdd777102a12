using System.Text.Json.Nodes;

namespace Serverless.Vault.Client.Transit;

/// <summary>Transit's request fields: bytes as standard base64, optional fields left out.</summary>
internal static class TransitWire
{
    public static JsonObject Encrypt(TransitEncryptItem item)
    {
        var body = new JsonObject { ["plaintext"] = Convert.ToBase64String(item.Plaintext.Span) };
        AddBase64(body, "context", item.Context);
        AddReference(body, item.Reference);
        return body;
    }

    public static JsonObject Decrypt(TransitDecryptItem item)
    {
        ArgumentException.ThrowIfNullOrEmpty(item.Ciphertext);
        var body = new JsonObject { ["ciphertext"] = item.Ciphertext };
        AddBase64(body, "context", item.Context);
        AddReference(body, item.Reference);
        return body;
    }

    /// <summary>The body of sign and verify: <c>input</c> and the algorithm choices.</summary>
    public static JsonObject Signing(ReadOnlyMemory<byte> input, string? hashAlgorithm, string? signatureAlgorithm, bool prehashed)
    {
        var body = new JsonObject { ["input"] = Convert.ToBase64String(input.Span) };
        if (hashAlgorithm is not null)
        {
            body["hash_algorithm"] = hashAlgorithm;
        }

        if (signatureAlgorithm is not null)
        {
            body["signature_algorithm"] = signatureAlgorithm;
        }

        if (prehashed)
        {
            body["prehashed"] = true;
        }

        return body;
    }

    public static void AddBase64(JsonObject body, string name, ReadOnlyMemory<byte>? value)
    {
        if (value is { } bytes)
        {
            body[name] = Convert.ToBase64String(bytes.Span);
        }
    }

    public static void AddKeyVersion(JsonObject body, int? keyVersion)
    {
        if (keyVersion is { } version)
        {
            body["key_version"] = version;
        }
    }

    public static string String(JsonObject data, string name) =>
        OptionalString(data, name) ?? throw new VaultApiException($"The transit response has no '{name}'.");

    /// <summary>The string, or null when absent or empty (a failed decrypt item still carries <c>plaintext: ""</c>).</summary>
    public static string? OptionalString(JsonObject data, string name) =>
        data[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static void AddReference(JsonObject body, string? reference)
    {
        if (reference is not null)
        {
            body["reference"] = reference;
        }
    }
}
