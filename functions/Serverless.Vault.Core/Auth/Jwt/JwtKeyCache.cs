namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>
/// One mount's <see cref="JwtKeySource"/>, rebuilt when the stored config's key source changes (also when another
/// instance wrote it).
/// </summary>
internal sealed class JwtKeyCache(ProviderHttp http, TimeProvider time)
{
    private JwtKeySource? _current;

    public JwtKeySource For(JwtConfig config)
    {
        var current = _current;
        if (current is not null && current.Fingerprint == config.KeySourceFingerprint)
        {
            return current;
        }

        var created = new JwtKeySource(config, http, time);
        Interlocked.Exchange(ref _current, created);
        return created;
    }

    public void Drop() => Interlocked.Exchange(ref _current, null);
}
