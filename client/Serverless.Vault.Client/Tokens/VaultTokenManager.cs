using System.Net;
using Microsoft.Extensions.Logging;
using Serverless.Vault.Client.Auth;

namespace Serverless.Vault.Client.Tokens;

/// <summary>
/// The client's own token: one login shared by concurrent callers, then renewed in the background (renew-self) once
/// <see cref="VaultClientOptions.TokenRenewAtFraction"/> of its TTL has passed. When the vault grants less than asked
/// (the max TTL is near), refuses the renewal or the token is not renewable, the client logs in again before the token
/// expires. A token without TTL (root) is never renewed.
/// </summary>
public sealed class VaultTokenManager : IDisposable, IAsyncDisposable
{
    private readonly VaultClient _client;
    private readonly IVaultAuthMethod _auth;
    private readonly VaultClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Serialises logins, renewals and re-logins: concurrent first callers wait for one login.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private volatile TokenState? _current;
    private ITimer? _timer;
    private int _disposed;

    internal VaultTokenManager(VaultClient client, IVaultAuthMethod auth, VaultClientOptions options, TimeProvider time, ILogger<VaultTokenManager> logger)
    {
        _client = client;
        _auth = auth;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The accessor of the current token (safe to log); null before the first login.</summary>
    public string? Accessor => _current?.Auth.Accessor;

    /// <summary>When the current token expires by the client's clock; null before login or for a token without TTL.</summary>
    public DateTimeOffset? ExpiresAt => _current?.ExpiresAt;

    /// <summary>Whether the auth method can give a new token once the current one is revoked or expires.</summary>
    public bool CanLogInAgain => _auth.CanLogInAgain;

    /// <summary>The current token, logging in first when there is none or it has expired.</summary>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_current is { } current && (!current.HasExpired(_time.GetUtcNow()) || !CanLogInAgain))
        {
            return current.Auth.ClientToken;
        }

        return await LogInOnceAsync(_current?.Auth.ClientToken, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces a token the vault no longer accepts. Concurrent callers holding the same stale token share one login;
    /// a caller whose token was already replaced gets the new one.
    /// </summary>
    internal Task<string> LogInAgainAsync(string staleToken, CancellationToken cancellationToken)
    {
        VaultTokenLog.DeadToken(_logger, Accessor);
        return LogInOnceAsync(staleToken, cancellationToken);
    }

    public void Dispose()
    {
        if (!Stop())
        {
            return;
        }

        if (ShouldRevoke())
        {
            // A synchronous dispose still revokes, bounded by one request's timeout; DisposeAsync is preferred.
            using var timeout = new CancellationTokenSource(_options.RequestTimeout);
            RevokeAsync(timeout.Token).GetAwaiter().GetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!Stop())
        {
            return;
        }

        if (ShouldRevoke())
        {
            using var timeout = new CancellationTokenSource(_options.RequestTimeout);
            await RevokeAsync(timeout.Token).ConfigureAwait(false);
        }
    }

    private async Task<string> LogInOnceAsync(string? staleToken, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { } current && !string.Equals(current.Auth.ClientToken, staleToken, StringComparison.Ordinal))
            {
                return current.Auth.ClientToken;
            }

            return (await LogInAsync(cancellationToken).ConfigureAwait(false)).Auth.ClientToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Logs in and schedules the new token's renewal; the caller holds the gate.</summary>
    private async Task<TokenState> LogInAsync(CancellationToken cancellationToken)
    {
        VaultAuthInfo auth;
        try
        {
            auth = await _auth.LoginAsync(_client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is VaultApiException or HttpRequestException)
        {
            VaultTokenLog.LoginFailed(_logger, e, _auth.GetType().Name);
            throw;
        }

        var state = new TokenState(auth, _time.GetUtcNow(), TimeSpan.FromSeconds(auth.LeaseDuration), auth.LeaseDuration, MaxTtlNear: false);
        _current = state;
        VaultTokenLog.LoggedIn(_logger, _auth.GetType().Name, auth.Accessor, auth.LeaseDuration, auth.Renewable);
        Schedule(state);
        return state;
    }

    private void Schedule(TokenState state)
    {
        if (state.Ttl <= TimeSpan.Zero)
        {
            return;
        }

        if ((!state.Auth.Renewable || state.MaxTtlNear) && !CanLogInAgain)
        {
            VaultTokenLog.CannotRefresh(_logger, state.Auth.Accessor, state.Auth.LeaseDuration);
            return;
        }

        Schedule(state.Ttl * _options.TokenRenewAtFraction);
    }

    private void Schedule(TimeSpan due)
    {
        if (_disposed != 0)
        {
            return;
        }

        var timer = _timer;
        if (timer is null)
        {
            _timer = _time.CreateTimer(static self => ((VaultTokenManager)self!).OnTimer(), this, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimer() => _ = RefreshAsync();

    /// <summary>The timer's work: renew the token, or log in again when renewing is not possible or not enough.</summary>
    private async Task RefreshAsync()
    {
        var cancellationToken = _stopping.Token;
        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            if (_current is not { } state)
            {
                return;
            }

            if (state.Auth.Renewable && !state.MaxTtlNear && await TryRenewAsync(state, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (!CanLogInAgain)
            {
                VaultTokenLog.CannotRefresh(_logger, state.Auth.Accessor, (long)state.Ttl.TotalSeconds);
                return;
            }

            VaultTokenLog.LoggingInAgain(_logger, state.Auth.Accessor);
            await LogInAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed while refreshing.
        }
        catch (Exception e)
        {
            // Nothing awaits this background work: every failure (the vault's answer, the network, the resilience
            // pipeline's timeouts and open circuit) is logged and the refresh tried again later.
            RetryLater(e);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Renews with the TTL the login granted as increment; true when the token was renewed. A refusal (403: revoked or
    /// expired, 400: not renewable) is answered with a new login, so it returns false rather than throwing.
    /// </summary>
    private async Task<bool> TryRenewAsync(TokenState state, CancellationToken cancellationToken)
    {
        VaultResponse? response;
        try
        {
            response = await _client.SendWithTokenAsync(HttpMethod.Post, "auth/token/renew-self",
                new Dictionary<string, long> { ["increment"] = state.Requested }, state.Auth.ClientToken, cancellationToken).ConfigureAwait(false);
        }
        catch (VaultApiException e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest)
        {
            VaultTokenLog.RenewalRefused(_logger, state.Auth.Accessor, (int)e.StatusCode);
            return false;
        }

        var granted = response?.Auth?.LeaseDuration ?? 0;
        if (granted <= 0)
        {
            return false;
        }

        // Less than asked means the max TTL caps the token: it cannot be renewed past that, so the next step is a login.
        var renewed = state with { IssuedAt = _time.GetUtcNow(), Ttl = TimeSpan.FromSeconds(granted), MaxTtlNear = granted < state.Requested };
        _current = renewed;
        VaultTokenLog.Renewed(_logger, state.Auth.Accessor, granted, renewed.MaxTtlNear);
        Schedule(renewed);
        return true;
    }

    /// <summary>A failed refresh is tried again at the same fraction of what is left, or the next request logs in.</summary>
    private void RetryLater(Exception e)
    {
        var remaining = _current?.ExpiresAt - _time.GetUtcNow();
        if (remaining is { } left && left > TimeSpan.FromSeconds(1))
        {
            var retryIn = left * (1 - _options.TokenRenewAtFraction);
            VaultTokenLog.RefreshFailed(_logger, e, Accessor, (long)retryIn.TotalSeconds);
            Schedule(retryIn);
        }
        else
        {
            VaultTokenLog.RefreshFailed(_logger, e, Accessor, 0);
        }
    }

    private bool Stop()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return false;
        }

        // The source is cancelled, not disposed: a refresh still running may read its token.
        _stopping.Cancel();
        _timer?.Dispose();
        return true;
    }

    /// <summary>Only tokens the client logged in for: a token handed to it belongs to whoever gave it.</summary>
    private bool ShouldRevoke() => _options.RevokeTokenOnDispose && CanLogInAgain && _current is { Ttl.Ticks: > 0 };

    private async Task RevokeAsync(CancellationToken cancellationToken)
    {
        var state = _current;
        if (state is null)
        {
            return;
        }

        try
        {
            await _client.SendWithTokenAsync(HttpMethod.Post, "auth/token/revoke-self", null, state.Auth.ClientToken, cancellationToken).ConfigureAwait(false);
            _current = null;
            VaultTokenLog.Revoked(_logger, state.Auth.Accessor);
        }
        catch (Exception e) when (e is VaultApiException or HttpRequestException or OperationCanceledException)
        {
            VaultTokenLog.RevokeFailed(_logger, e, state.Auth.Accessor);
        }
    }

    // Requested: the TTL the login granted, asked again as the increment of each renewal.
    private sealed record TokenState(VaultAuthInfo Auth, DateTimeOffset IssuedAt, TimeSpan Ttl, long Requested, bool MaxTtlNear)
    {
        public DateTimeOffset? ExpiresAt => Ttl > TimeSpan.Zero ? IssuedAt + Ttl : null;

        public bool HasExpired(DateTimeOffset now) => ExpiresAt is { } expires && now >= expires;
    }
}
