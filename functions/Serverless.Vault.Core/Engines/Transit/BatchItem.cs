using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
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

        // An absent field stays Undefined, the kind of a default element.
        var found = default(ItemFields);
        foreach (var property in item.EnumerateObject())
        {
            for (var field = 0; field < FieldNames.Length; field++)
            {
                if (property.NameEquals(FieldNames[field].Utf8))
                {
                    found[field] = property.Value;
                    break;
                }
            }
        }

        string Text(ItemField field) => found[(int)field].ValueKind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Null => "",
            JsonValueKind.String => found[(int)field].GetString()!,
            _ => throw VaultException.InvalidRequest($"failed to parse batch input: '[{index}].{FieldNames[(int)field].Name}' expected type 'string'"),
        };

        var plaintext = found[(int)ItemField.Plaintext];
        return new BatchItem
        {
            Plaintext = plaintext.ValueKind == JsonValueKind.String ? "" : Text(ItemField.Plaintext),
            PlaintextJson = plaintext.ValueKind == JsonValueKind.String ? plaintext : null,
            HasPlaintext = plaintext.ValueKind != JsonValueKind.Undefined,
            Ciphertext = Text(ItemField.Ciphertext),
            Context = Text(ItemField.Context),
            Nonce = Text(ItemField.Nonce),
            AssociatedData = Text(ItemField.AssociatedData),
            Input = Text(ItemField.Input),
            HasInput = found[(int)ItemField.Input].ValueKind != JsonValueKind.Undefined,
            Hmac = Text(ItemField.Hmac),
            Signature = Text(ItemField.Signature),
            Reference = Text(ItemField.Reference),
            KeyVersion = Version(found[(int)ItemField.KeyVersion], index),
        };
    }

    /// <summary><paramref name="node"/>'s string when it was read from a request body, else null.</summary>
    public static JsonElement? BodyString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<JsonElement>(out var element) && element.ValueKind == JsonValueKind.String ? element : null;

    private static long Version(JsonElement value, int index)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Null => "0",
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString(),
            _ => "",
        };
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw VaultException.InvalidRequest($"failed to parse batch input: '[{index}].key_version' expected type 'int'");
    }

    /// <summary>The fields an item can carry, in the order they are checked; <see cref="FieldNames"/> spells them.</summary>
    private enum ItemField
    {
        Plaintext,
        Ciphertext,
        Context,
        Nonce,
        AssociatedData,
        Input,
        Hmac,
        Signature,
        Reference,
        KeyVersion,
    }

    private static readonly FieldName[] FieldNames =
    [
        new("plaintext"), new("ciphertext"), new("context"), new("nonce"), new("associated_data"), new("input"), new("hmac"),
        new("signature"), new("reference"), new("key_version"),
    ];

    /// <summary>A field's name, with its UTF-8 to compare against a property without transcoding.</summary>
    private sealed class FieldName(string name)
    {
        public string Name { get; } = name;

        public byte[] Utf8 { get; } = Encoding.UTF8.GetBytes(name);
    }

    /// <summary>One element per <see cref="ItemField"/>, on the stack.</summary>
    [InlineArray(10)]
    private struct ItemFields
    {
        private JsonElement _first;
    }
}
