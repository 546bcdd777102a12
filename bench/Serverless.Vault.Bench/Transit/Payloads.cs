using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Bench.Transit;

/// <summary>
/// The request bodies, built once: 1 KiB random plaintexts (random so nothing compresses or caches by value), written as
/// the clients people use write them: Go's encoding/json (the vault CLI, the Go SDK, Terraform), Python's json (hvac)
/// and JavaScript's JSON.stringify leave base64's '+' and '/' as they are, where System.Text.Json's default encoder
/// writes '+' as \u002B (its escaped strings take the JSON reader's slow path; see the README).
/// </summary>
internal sealed class Payloads
{
    public const int PlaintextBytes = 1024;

    public const int BatchSize = 100;

    /// <summary>The small plaintext: what encrypt costs when size plays no part (row 3 batches 100 of them).</summary>
    public const int SmallPlaintextBytes = 16;

    private static readonly JsonSerializerOptions ClientJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Payloads()
    {
        Plaintext = RandomNumberGenerator.GetBytes(PlaintextBytes);
        EncryptBody = Serialize(new JsonObject { ["plaintext"] = Convert.ToBase64String(Plaintext) });
        EscapedEncryptBody = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["plaintext"] = Convert.ToBase64String(Plaintext) });
        SmallEncryptBody = Serialize(new JsonObject { ["plaintext"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(SmallPlaintextBytes)) });
        HashBody = Serialize(new JsonObject { ["input"] = Convert.ToBase64String(Plaintext) });
        var items = new JsonArray();
        for (var i = 0; i < BatchSize; i++)
        {
            items.Add(new JsonObject { ["plaintext"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(PlaintextBytes)) });
        }

        BatchBody = Serialize(new JsonObject { ["batch_input"] = items });
        var smallItems = new JsonArray();
        for (var i = 0; i < BatchSize; i++)
        {
            smallItems.Add(new JsonObject { ["plaintext"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(SmallPlaintextBytes)) });
        }

        SmallBatchBody = Serialize(new JsonObject { ["batch_input"] = smallItems });
    }

    public byte[] Plaintext { get; }

    /// <summary>{"plaintext": base64(1 KiB)} as System.Text.Json writes it by default ('+' as \u002B), for the diagnostic row.</summary>
    public byte[] EscapedEncryptBody { get; }

    /// <summary>{"plaintext": base64(1 KiB)}.</summary>
    public byte[] EncryptBody { get; }

    /// <summary>{"plaintext": base64(16 bytes)}.</summary>
    public byte[] SmallEncryptBody { get; }

    /// <summary>{"input": base64(1 KiB)}, the same plaintext for transit/hash.</summary>
    public byte[] HashBody { get; }

    /// <summary>{"batch_input": [100 x {"plaintext": base64(1 KiB)}]}.</summary>
    public byte[] BatchBody { get; }

    /// <summary>{"batch_input": [100 x {"plaintext": base64(16 bytes)}]}: items the size of a card number or a short field.</summary>
    public byte[] SmallBatchBody { get; }

    private static byte[] Serialize(JsonObject body) => JsonSerializer.SerializeToUtf8Bytes(body, ClientJson);
}
