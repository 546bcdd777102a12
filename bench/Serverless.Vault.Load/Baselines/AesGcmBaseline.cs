using System.Security.Cryptography;
using Serverless.Vault.Load.Client;
using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Baselines;

/// <summary>aes_gcm: raw AesGcm encryption of a "payload_size"-byte plaintext (default 128, as transit's), random 96-bit nonce, one cipher per thread.</summary>
internal sealed class AesGcmBaseline : ILoadTest, IDisposable
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private ThreadLocal<AesGcm>? _cipher;
    private byte[] _plaintext = [];

    public Task SetupAsync(LoadContext context, CancellationToken cancellationToken)
    {
        _plaintext = Payloads.Bytes(context.Options.Int("payload_size", 128));
        _cipher = new ThreadLocal<AesGcm>(() => new AesGcm(_key, 16), trackAllValues: true);
        return Task.CompletedTask;
    }

    public Task RunAsync(CancellationToken cancellationToken)
    {
        Span<byte> nonce = stackalloc byte[12];
        Span<byte> tag = stackalloc byte[16];
        RandomNumberGenerator.Fill(nonce);
        var output = new byte[_plaintext.Length];
        _cipher!.Value!.Encrypt(nonce, _plaintext, output, tag);
        return Task.CompletedTask;
    }

    public Task CleanupAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var cipher in _cipher?.Values ?? [])
        {
            cipher.Dispose();
        }

        _cipher?.Dispose();
        _cipher = null;
    }
}
