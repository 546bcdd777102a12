using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>One item of a batch (or the single request, read as a batch of one): raw strings, decoded per use.</summary>
internal sealed record BatchItem
{
    public string Plaintext { get; init; } = "";

    public bool HasPlaintext { get; init; }

    /// <summary>
    /// The plaintext when it came as a string in the request body: decoded from the body's bytes where it is used
    /// (<see cref="PlaintextBuffer"/>), never copied into a UTF-16 string first; <see cref="Plaintext"/> is then empty.
    /// </summary>
    public JsonElement? PlaintextJson { get; init; }

    /// <summary>About how long the plaintext's base64 is, from whichever form it came in (to size a batch's answer).</summary>
    public int PlaintextTextLength => PlaintextJson is { } json ? Base64Input.RawJsonString(json).Length : Plaintext.Length;

    public string Ciphertext { get; init; } = "";

    public string Context { get; init; } = "";

    public string Nonce { get; init; } = "";

    public string AssociatedData { get; init; } = "";

    public string Input { get; init; } = "";

    public bool HasInput { get; init; }

    public string Hmac { get; init; } = "";

    public string Signature { get; init; } = "";

    public long KeyVersion { get; init; }

    public string Reference { get; init; } = "";

    /// <summary>
    /// Reads a batch_input element: one pass finds the fields (a lookup by name per field cost more than the rest of the
    /// item), then they are checked in a fixed order. A field of the wrong type fails the whole request, as Vault's
    /// decoding does; unknown fields are ignored.
    /// </summary>
    public static BatchItem FromJson(JsonElement item, int index)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw VaultException.InvalidRequest($"failed to parse batch input: [{index}] expected a map");
        }

        JsonElement? plaintext = null, ciphertext = null, context = null, nonce = null, associatedData = null, input = null;
        JsonElement? hmac = null, signature = null, reference = null, keyVersion = null;
        foreach (var property in item.EnumerateObject())
        {
            if (property.NameEquals("plaintext"u8))
            {
                plaintext = property.Value;
            }
            else if (property.NameEquals("reference"u8))
            {
                reference = property.Value;
            }
            else if (property.NameEquals("ciphertext"u8))
            {
                ciphertext = property.Value;
            }
            else if (property.NameEquals("context"u8))
            {
                context = property.Value;
            }
            else if (property.NameEquals("nonce"u8))
            {
                nonce = property.Value;
            }
            else if (property.NameEquals("associated_data"u8))
            {
                associatedData = property.Value;
            }
            else if (property.NameEquals("input"u8))
            {
                input = property.Value;
            }
            else if (property.NameEquals("hmac"u8))
            {
                hmac = property.Value;
            }
            else if (property.NameEquals("signature"u8))
            {
                signature = property.Value;
            }
            else if (property.NameEquals("key_version"u8))
            {
                keyVersion = property.Value;
            }
        }

        var plaintextJson = plaintext is { ValueKind: JsonValueKind.String } ? plaintext : null;
        return new BatchItem
        {
            Plaintext = plaintextJson is null ? Text(plaintext, "plaintext", index) : "",
            PlaintextJson = plaintextJson,
            HasPlaintext = plaintext is not null,
            Ciphertext = Text(ciphertext, "ciphertext", index),
            Context = Text(context, "context", index),
            Nonce = Text(nonce, "nonce", index),
            AssociatedData = Text(associatedData, "associated_data", index),
            Input = Text(input, "input", index),
            HasInput = input is not null,
            Hmac = Text(hmac, "hmac", index),
            Signature = Text(signature, "signature", index),
            Reference = Text(reference, "reference", index),
            KeyVersion = Version(keyVersion, index),
        };
    }

    /// <summary><paramref name="node"/>'s string when it was read from a request body, else null.</summary>
    public static JsonElement? BodyString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<JsonElement>(out var element) && element.ValueKind == JsonValueKind.String ? element : null;

    /// <summary>A string field; absent or null is "".</summary>
    private static string Text(JsonElement? value, string name, int index) => value?.ValueKind switch
    {
        null or JsonValueKind.Null => "",
        JsonValueKind.String => value.Value.GetString()!,
        _ => throw VaultException.InvalidRequest($"failed to parse batch input: '[{index}].{name}' expected type 'string'"),
    };

    private static long Version(JsonElement? value, int index)
    {
        var text = value?.ValueKind switch
        {
            null or JsonValueKind.Null => "0",
            JsonValueKind.Number => value.Value.GetRawText(),
            JsonValueKind.String => value.Value.GetString(),
            _ => "",
        };
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw VaultException.InvalidRequest($"failed to parse batch input: '[{index}].key_version' expected type 'int'");
    }
}
