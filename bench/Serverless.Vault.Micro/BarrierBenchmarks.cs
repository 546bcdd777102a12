using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Micro;

/// <summary>A 1 KiB value through the barrier (envelope, AAD = path, keyring term) against raw AES-256-GCM of the same bytes.</summary>
[Config(typeof(MicroConfig))]
public class BarrierBenchmarks
{
    private readonly byte[] _value = RandomNumberGenerator.GetBytes(1024);
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _ciphertext = new byte[1024];
    private readonly byte[] _tag = new byte[16];
    private AesGcm _raw = null!;
    private AesGcmBarrier _barrier = null!;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _raw = new AesGcm(RandomNumberGenerator.GetBytes(32), 16);
        _barrier = new AesGcmBarrier(new InMemoryStorage(), LocalSeal.FromKey(RandomNumberGenerator.GetBytes(32)));
        await _barrier.InitializeAsync(CancellationToken.None);
        await _barrier.Storage.PutAsync("logical/bench/read", _value, PutCondition.None, CancellationToken.None);
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        _raw.Dispose();
        _barrier.Dispose();
    }

    [Benchmark(Baseline = true)]
    public byte[] RawAesGcmEncrypt()
    {
        RandomNumberGenerator.Fill(_nonce);
        _raw.Encrypt(_nonce, _value, _ciphertext, _tag);
        return _ciphertext;
    }

    [Benchmark]
    public Task<string> BarrierPut() => _barrier.Storage.PutAsync("logical/bench/write", _value, PutCondition.None, CancellationToken.None);

    [Benchmark]
    public Task<StorageEntry?> BarrierGet() => _barrier.Storage.GetAsync("logical/bench/read", CancellationToken.None);
}
