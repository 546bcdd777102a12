using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Serverless.Vault.Bench;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Micro;

/// <summary>Transit encrypt of 1 KiB through the whole in-process pipeline, against raw AES-256-GCM of the same bytes.</summary>
[Config(typeof(MicroConfig))]
public class TransitBenchmarks
{
    private readonly byte[] _plaintext = RandomNumberGenerator.GetBytes(1024);
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _ciphertext = new byte[1024];
    private readonly byte[] _tag = new byte[16];
    private AesGcm _raw = null!;
    private InProcessCore _core = null!;
    private string _token = "";
    private string _encoded = "";

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _raw = new AesGcm(RandomNumberGenerator.GetBytes(32), 16);
        _core = await InProcessCore.StartAsync(new InMemoryStorage(), CancellationToken.None);
        await _core.SendAsync(Operation.Update, "sys/mounts/transit", new JsonObject { ["type"] = "transit" }, _core.RootToken, CancellationToken.None);
        await _core.SendAsync(Operation.Update, "transit/keys/bench", new JsonObject { ["type"] = "aes256-gcm96" }, _core.RootToken, CancellationToken.None);
        _token = await _core.TokenWithPolicyAsync("bench", "path \"transit/encrypt/bench\" { capabilities = [\"update\"] }", CancellationToken.None);
        _encoded = Convert.ToBase64String(_plaintext);
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        _raw.Dispose();
        _core.Dispose();
    }

    [Benchmark(Baseline = true)]
    public byte[] RawAesGcmEncrypt()
    {
        RandomNumberGenerator.Fill(_nonce);
        _raw.Encrypt(_nonce, _plaintext, _ciphertext, _tag);
        return _ciphertext;
    }

    [Benchmark]
    public ValueTask<VaultResponse?> PipelineEncrypt() =>
        _core.SendAsync(Operation.Update, "transit/encrypt/bench", new JsonObject { ["plaintext"] = _encoded }, _token, CancellationToken.None);
}
