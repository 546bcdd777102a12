using Microsoft.Extensions.Logging;
using Serverless.Vault.Client.Auth;

namespace Serverless.Vault.Client.Tokens;

/// <summary>The client's own token: one login shared by concurrent callers.</summary>
public sealed class VaultTokenManager : IDisposable
{
    private readonly VaultClient _client;
    private readonly IVaultAuthMethod _auth;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _login = new(1, 1);
    private volatile VaultAuthInfo? _current;

    internal VaultTokenManager(VaultClient client, IVaultAuthMethod auth, VaultClientOptions options, TimeProvider time, ILogger<VaultTokenManager> logger)
    {
        _client = client;
        _auth = auth;
        _logger = logger;
        _ = options;
        _ = time;
    }

    /// <summary>The current token, logging in first when there is none.</summary>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current)
        {
            return current.ClientToken;
        }

        await _login.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is null)
            {
                var auth = await _auth.LoginAsync(_client, cancellationToken).ConfigureAwait(false);
                _logger.LogInformation("Logged in to the vault with {AuthMethod}; token accessor {Accessor}, TTL {TtlSeconds} s", _auth.GetType().Name, auth.Accessor, auth.LeaseDuration);
                _current = auth;
            }

            return _current.ClientToken;
        }
        finally
        {
            _login.Release();
        }
    }

    public void Dispose() => _login.Dispose();
}
