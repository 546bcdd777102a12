using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Serverless.Vault.Client.Kv;

namespace Serverless.Vault.Client.Configuration;

/// <summary>
/// KV v2 secrets as configuration, reloaded when a secret gets a new version. Polling reads the metadata's
/// <c>current_version</c> and re-reads a secret's data only when that changed; a reload fires the configuration's
/// change token. The first load fails loud (unless optional); later failures are logged and keep the old values.
/// </summary>
internal sealed class VaultConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly KvV2Client _kv;
    private readonly IReadOnlyList<string> _paths;
    private readonly string? _prefix;
    private readonly bool _optional;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IDisposable? _owned;
    private readonly Dictionary<string, LoadedSecret> _loaded = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private bool _metadataDenied;
    private bool _firstLoadDone;

    public VaultConfigurationProvider(VaultClient client, VaultConfigurationOptions options, IDisposable? owned)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Paths.Count == 0)
        {
            throw new ArgumentException("VaultConfigurationOptions.Paths is empty: name at least one secret to load.", nameof(options));
        }

        _kv = client.KvV2(options.Mount);
        _paths = [.. options.Paths.Select(p => p.Trim('/'))];
        _prefix = options.KeyPrefix;
        _optional = options.Optional;
        _interval = options.PollInterval;
        _time = options.TimeProvider ?? client.Time;
        _logger = client.Loggers.CreateLogger<VaultConfigurationProvider>();
        _owned = owned;
    }

    /// <summary>The latest poll (a completed task before the first): lets tests wait for a tick's work.</summary>
    internal Task LastPoll { get; private set; } = Task.CompletedTask;

    /// <summary>At <c>Build()</c> and on <c>IConfigurationRoot.Reload()</c>: reads every secret.</summary>
    public override void Load()
    {
        // Configuration loads are synchronous; the client never captures a context (ConfigureAwait(false)), and
        // Task.Run keeps a caller's synchronization context out of the way.
        Task.Run(() => LoadAllAsync(_stopping.Token)).GetAwaiter().GetResult();
        if (_timer is null && _interval > TimeSpan.Zero && _interval != Timeout.InfiniteTimeSpan)
        {
            _timer = _time.CreateTimer(_ => LastPoll = PollAsync(), null, _interval, _interval);
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();

        // Cancelled, not disposed: a poll still running reads its token, and a CTS without a timer holds nothing.
        _stopping.Cancel();
        _owned?.Dispose();
    }

    private async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var path in _paths)
            {
                await ReadSecretAsync(path, cancellationToken).ConfigureAwait(false);
            }

            Publish();
        }
        catch (Exception error) when (error is not OperationCanceledException && (_firstLoadDone || _optional))
        {
            VaultConfigurationLog.LoadFailed(_logger, _kv.Mount, error);
            Publish();
        }
        finally
        {
            _firstLoadDone = true;
            _gate.Release();
        }
    }

    private async Task PollAsync()
    {
        // A tick that finds the previous one still running skips: the next tick will look again.
        if (!await _gate.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            var changed = false;
            foreach (var path in _paths)
            {
                var loaded = _loaded.GetValueOrDefault(path)?.Version ?? 0;
                if (await CurrentVersionAsync(path, _stopping.Token).ConfigureAwait(false) != loaded)
                {
                    changed |= await ReadSecretAsync(path, _stopping.Token).ConfigureAwait(false);
                }
            }

            if (changed)
            {
                Publish();
                OnReload();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposed while polling.
        }
        catch (Exception error)
        {
            VaultConfigurationLog.LoadFailed(_logger, _kv.Mount, error);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The secret's current version, 0 when it does not exist: from the metadata, or the data when that is denied.</summary>
    private async Task<int> CurrentVersionAsync(string path, CancellationToken cancellationToken)
    {
        if (!_metadataDenied)
        {
            try
            {
                return (await _kv.ReadMetadataAsync(path, cancellationToken).ConfigureAwait(false))?.CurrentVersion ?? 0;
            }
            catch (VaultApiException error) when (error.StatusCode == HttpStatusCode.Forbidden)
            {
                // Policies often grant data/ alone; a data read answers the same question at a higher price.
                _metadataDenied = true;
                VaultConfigurationLog.MetadataDenied(_logger, _kv.Mount, path);
            }
        }

        return (await _kv.ReadAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false))?.Version ?? 0;
    }

    /// <summary>Reads one secret into <see cref="_loaded"/>; false when nothing changed (a vanished required secret is kept).</summary>
    private async Task<bool> ReadSecretAsync(string path, CancellationToken cancellationToken)
    {
        var secret = await _kv.ReadAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (secret is null)
        {
            if (!_optional)
            {
                if (!_firstLoadDone)
                {
                    throw new InvalidOperationException(
                        $"The vault has no secret at {_kv.Mount}/data/{path}. Write it, fix the path or mount, or set VaultConfigurationOptions.Optional.");
                }

                VaultConfigurationLog.MissingKept(_logger, _kv.Mount, path);
                return false;
            }

            VaultConfigurationLog.MissingOptional(_logger, _kv.Mount, path);
            return _loaded.Remove(path);
        }

        _loaded[path] = new LoadedSecret(secret.Version, SecretFlattener.Flatten(secret.Data, _prefix));
        VaultConfigurationLog.Loaded(_logger, _kv.Mount, path, secret.Version);
        return true;
    }

    /// <summary>Replaces <c>Data</c> with the loaded secrets merged in path order (a later path wins).</summary>
    private void Publish()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in _paths)
        {
            if (_loaded.TryGetValue(path, out var secret))
            {
                foreach (var (key, value) in secret.Pairs)
                {
                    data[key] = value;
                }
            }
        }

        Data = data;
    }

    private sealed record LoadedSecret(int Version, IReadOnlyDictionary<string, string?> Pairs);
}
