using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Pipeline;
using Serverless.Vault.Server.Tests.Kv;
using static Serverless.Vault.Server.Tests.Transit.TransitHttp;

namespace Serverless.Vault.Server.Tests.Transit;

/// <summary>
/// Batch input over HTTP is read from the body's parsed document, in process from nodes: both must give the same
/// answers, item by item, for well-formed and malformed batches alike.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TransitBatchParsingHttpTests(KvTableHost table) : IClassFixture<KvTableHost>
{
    private VaultHost Vault => table.Host;

    public static TheoryData<string, int, string> Batches => new()
    {
        { """{"batch_input":[{"plaintext":"aGk="},5]}""", 400, "failed to parse batch input: [1] expected a map" },
        { """{"batch_input":[{"plaintext":"aGk=","reference":7}]}""", 400, "failed to parse batch input: '[0].reference' expected type 'string'" },
        { """{"batch_input":[{"plaintext":"aGk=","key_version":"x"}]}""", 400, "failed to parse batch input: '[0].key_version' expected type 'int'" },
        { """{"batch_input":[{"plaintext":"aGk=","key_version":1.5}]}""", 400, "failed to parse batch input: '[0].key_version' expected type 'int'" },
        { """{"batch_input":[{"plaintext":["aGk="]}]}""", 400, "failed to parse batch input: '[0].plaintext' expected type 'string'" },
        { """{"batch_input":[]}""", 400, "missing batch input to process" },
        { """{"batch_input":[{"plaintext":"aGk=","key_version":"1","reference":"a"},{"plaintext":"aGk=","key_version":1,"reference":null},{"reference":"m"},{"plaintext":null},{"plaintext":"aGk\u003d","context":null}]}""", 400, "" },
        { """{"batch_input":[{"plaintext":"aGk=","key_version":2}]}""", 400, "" },
        { """{"batch_input":null,"plaintext":"aGk="}""", 200, "" },
    };

    [Theory]
    [MemberData(nameof(Batches))]
    public async Task Encrypt_BatchOverHttp_AnswersAsTheSameBatchInProcess(string body, int status, string error)
    {
        var mount = await MountAsync(Vault);
        await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/k");

        using var response = await Vault.SendAsync(HttpMethod.Post, $"{mount}/encrypt/k", body);
        var overHttp = Shape((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
        var inProcess = await InProcessAsync($"{mount}/encrypt/k", body);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(inProcess.ToJsonString(), overHttp.ToJsonString());
        if (error.Length != 0)
        {
            Assert.Equal(error, overHttp["errors"]![0]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Encrypt_MixedBatchOverHttp_ReportsEachItemAsVaultDoes()
    {
        var mount = await MountAsync(Vault);
        await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/k");
        var body = """{"batch_input":[{"plaintext":"aGk=","key_version":"1","reference":"a"},{"reference":"m"},{"plaintext":"aGk=","key_version":2}]}""";

        using var response = await Vault.SendAsync(HttpMethod.Post, $"{mount}/encrypt/k", body);
        var results = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!["batch_results"]!.AsArray();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("vault:v1:", results[0]!["ciphertext"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, results[0]!["key_version"]!.GetValue<long>());
        Assert.Equal("a", results[0]!["reference"]!.GetValue<string>());
        Assert.Equal("'[1].plaintext' missing plaintext to encrypt", results[1]!["error"]!.GetValue<string>());
        Assert.Equal("m", results[1]!["reference"]!.GetValue<string>());
        Assert.Equal("requested version for encryption is higher than the latest key version", results[2]!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Encrypt_LargeBatchOverHttp_AnswersEveryItemInOrder()
    {
        // 100 x 1 KiB: the answer is written in several chunks, copied to the wire as they are.
        var mount = await MountAsync(Vault);
        await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/k");
        var plaintexts = Enumerable.Range(0, 100).Select(i => Convert.ToBase64String(Enumerable.Repeat((byte)i, 1024).ToArray())).ToArray();
        var input = new JsonArray([.. plaintexts.Select((p, i) => (JsonNode?)new JsonObject { ["plaintext"] = p, ["reference"] = $"r{i}" })]);

        var results = (await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/encrypt/k", new JsonObject { ["batch_input"] = input }))["data"]!["batch_results"]!.AsArray();
        var decryptInput = new JsonArray([.. results.Select(r => (JsonNode?)new JsonObject { ["ciphertext"] = r!["ciphertext"]!.GetValue<string>() })]);
        var decrypted = (await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/decrypt/k", new JsonObject { ["batch_input"] = decryptInput }))["data"]!["batch_results"]!.AsArray();

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"r{i}"), results.Select(r => r!["reference"]!.GetValue<string>()));
        Assert.Equal(plaintexts, decrypted.Select(r => r!["plaintext"]!.GetValue<string>()));
    }

    private async Task<JsonObject> InProcessAsync(string path, string body)
    {
        var handler = Vault.Services.GetRequiredService<RequestHandler>();
        var response = await handler.HandleAsync(
            new VaultRequest
            {
                RequestId = Guid.NewGuid().ToString(),
                Operation = Operation.Update,
                Path = path,
                Data = JsonNode.Parse(body)!.AsObject(),
                ClientToken = Vault.RootToken,
            },
            CancellationToken.None);
        Assert.NotNull(response);
        var envelope = response.Errors is { } errors
            ? new JsonObject { ["errors"] = new JsonArray([.. errors.Select(e => (JsonNode?)e)]) }
            : new JsonObject { ["data"] = response.Data?.DeepClone() };
        return Shape(response.StatusCode ?? 200, envelope);
    }

    /// <summary>Status, errors and data, with each ciphertext cut to its version prefix (the rest is random).</summary>
    private static JsonObject Shape(int status, JsonObject body)
    {
        var data = body["data"]?.DeepClone() as JsonObject;
        foreach (var result in (data?["batch_results"] as JsonArray ?? []).Append(data))
        {
            if (result?["ciphertext"] is { } ciphertext)
            {
                result["ciphertext"] = ciphertext.GetValue<string>()[.."vault:v1:".Length];
            }
        }

        return new JsonObject { ["status"] = status, ["errors"] = body["errors"]?.DeepClone(), ["data"] = data };
    }
}
