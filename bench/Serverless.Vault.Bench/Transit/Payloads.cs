using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Bench.Transit;

/// <summary>The request bodies, built once: 1 KiB random plaintexts (random so nothing compresses or caches by value).</summary>
internal sealed class Payloads
{
    public const int PlaintextBytes = 1024;

    public const int BatchSize = 100;

    /// <summary>The diagnostic small plaintext: what encrypt costs when size plays no part.</summary>
    public const int SmallPlaintextBytes = 16;

    public Payloads()
    {
        Plaintext = RandomNumberGenerator.GetBytes(PlaintextBytes);
        EncryptBody = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["plaintext"] = Convert.ToBase64String(Plaintext) });
        SmallEncryptBody = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["plaintext"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(SmallPlaintextBytes)) });
        HashBody = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["input"] = Convert.ToBase64String(Plaintext) });
        var items = new JsonArray();
        for (var i = 0; i < BatchSize; i++)
        {
            items.Add(new JsonObject { ["plaintext"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(PlaintextBytes)) });
        }

        BatchBody = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["batch_input"] = items });
    }

    public byte[] Plaintext { get; }

    /// <summary>{"plaintext": base64(1 KiB)}.</summary>
    public byte[] EncryptBody { get; }

    /// <summary>{"plaintext": base64(16 bytes)}.</summary>
    public byte[] SmallEncryptBody { get; }

    /// <summary>{"input": base64(1 KiB)}, the same plaintext for transit/hash.</summary>
    public byte[] HashBody { get; }

    /// <summary>{"batch_input": [100 x {"plaintext": base64(1 KiB)}]}.</summary>
    public byte[] BatchBody { get; }
}
