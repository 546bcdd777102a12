using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Security;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tokens;

/// <summary>
/// Tokens behind the barrier, keyed by HMAC-SHA256(salt, token id): a storage dump, even decrypted, holds no usable
/// token. Service tokens are stored entries with an accessor and a parent index; batch tokens are self-contained and
/// never stored. A token is live when its entry is, and so is every ancestor: a revoked or expired parent kills its
/// children even before their revocation reaches them.
/// </summary>
public sealed partial class TokenStore
{
    /// <summary>The HMAC key for token ids: random per vault, behind the barrier.</summary>
    public const string SaltKey = TokenStoragePaths.Salt;

    /// <summary>Token entries, one per keyed hash.</summary>
    public const string IdPrefix = TokenStoragePaths.Ids;

    /// <summary>Longest token accepted: batch tokens carry their entry, so they are longer than service tokens.</summary>
    public const int MaxTokenLength = 8192;

    /// <summary>
    /// How many ancestors a token may have. Checking a token walks up its chain (through the cache), so the walk
    /// is bounded; real trees (agent, login, child) are a few levels deep.
    /// </summary>
    public const int MaxTreeDepth = 32;

    /// <summary>Attempts at a read-modify-write that keeps losing races (num_uses under heavy concurrency).</summary>
    private const int MaxWriteAttempts = 32;

    private readonly IBarrier _barrier;
    private readonly TimeProvider _time;
    private readonly BatchTokenCodec _batch;
    private readonly ILogger _logger;
    private TokenHasher? _hasher;

    public TokenStore(IBarrier barrier, TimeProvider time, IEnumerable<ITokenRevocationListener>? listeners = null, ILogger<TokenStore>? logger = null)
    {
        _barrier = barrier ?? throw new ArgumentNullException(nameof(barrier));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        Cache = new TokenCache(time);
        _batch = new BatchTokenCodec(barrier);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Revoker = new TokenRevoker(this, [.. listeners ?? []], _logger);
        Chain = new TokenChain(this);
    }

    internal IStorage Storage => _barrier.Storage;

    internal TokenCache Cache { get; }

    internal TokenRevoker Revoker { get; }

    internal TokenChain Chain { get; }

    internal TimeProvider Time => _time;

    /// <summary>Creates a root token (policy "root", no expiry, no parent) and returns its id, shown once.</summary>
    public async Task<string> CreateRootTokenAsync(string? requestedId, CancellationToken cancellationToken)
    {
        var template = new TokenEntry
        {
            Accessor = "",
            Policies = ["root"],
            Path = "auth/token/root",
            DisplayName = "root",
            CreationTime = _time.GetUtcNow().ToUnixTimeSeconds(),
        };
        var issued = await CreateAsync(template, string.IsNullOrEmpty(requestedId) ? null : requestedId, cancellationToken).ConfigureAwait(false);
        return issued.Id;
    }

    /// <summary>
    /// Creates a token from a fully computed entry (policies, parent hash, TTLs). A service token's indexes are written
    /// before its entry, so a crash leaves at most index rows pointing at nothing (tidy removes them), never a usable
    /// token that its parent's revocation cannot find. A batch token writes nothing.
    /// </summary>
    public async Task<IssuedToken> CreateAsync(TokenEntry template, string? requestedId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (template.IsBatch)
        {
            var batch = template with { Accessor = "", Key = "", NumUses = 0, Renewable = false };
            return new IssuedToken(await _batch.SealAsync(batch, cancellationToken).ConfigureAwait(false), batch);
        }

        var id = requestedId ?? RandomIds.ServiceToken();
        var key = await HashAsync(id, cancellationToken).ConfigureAwait(false);
        if (requestedId is not null && await Storage.GetAsync(TokenStoragePaths.Id(key), cancellationToken).ConfigureAwait(false) is not null)
        {
            throw VaultException.InvalidRequest("cannot create a token with a duplicate ID");
        }

        var entry = template with { Accessor = RandomIds.Accessor(), Key = key, Type = TokenTypes.Service, RevocationPending = false, AccessorBesideEntry = true };
        var index = StoredJson.Serialize(new TokenIndexEntry { Key = key, Created = _time.GetUtcNow().ToUnixTimeSeconds() });

        // Creation is not abandoned half-way on client cancellation: the order below is what keeps it crash-safe.
        if (!entry.IsOrphan)
        {
            await Storage.PutAsync(TokenStoragePaths.Child(entry.Parent, key), index, PutCondition.None, CancellationToken.None).ConfigureAwait(false);
        }

        try
        {
            // The entry and its accessor row share a folder: one transaction, so neither exists without the other.
            await Storage.CommitAsync(
                [
                    StorageWrite.Put(TokenStoragePaths.AccessorBesideEntry(entry.Accessor), index, PutCondition.NotExists),
                    StorageWrite.Put(TokenStoragePaths.Id(key), StoredJson.Serialize(entry), PutCondition.NotExists),
                ],
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (StorageConflictException)
        {
            // Lost a race for the same custom id: nothing of ours was written but the parent row, which revocations
            // ignore (the entry names another parent) until tidy removes it.
            throw VaultException.InvalidRequest("cannot create a token with a duplicate ID");
        }

        await EnsureParentSurvivedAsync(entry).ConfigureAwait(false);
        Cache.Set(entry);
        return new IssuedToken(id, entry);
    }

    /// <summary>The entry of a live token (service or batch), or null for an unknown, expired or revoked one. Uses no use.</summary>
    public Task<TokenEntry?> LookupAsync(string token, CancellationToken cancellationToken) => LookupEntryAsync(token, cancellationToken).AsTask();

    /// <summary>
    /// Checks a token for a request and consumes one use of a limited-use token. Uses are counted with an ETag
    /// read-modify-write, so instances racing on one token never grant more uses than it has; the last use revokes
    /// the token, but the request it authenticates still runs with the returned entry (num_uses -1, as in Vault).
    /// </summary>
    public Task<TokenEntry?> AuthenticateAsync(string token, CancellationToken cancellationToken) =>
        AuthenticateEntryAsync(token, cancellationToken).AsTask();

    /// <summary>
    /// <see cref="AuthenticateAsync"/> for the request pipeline: a ValueTask, as a cached token completes at once and
    /// every request would otherwise allocate the tasks of the whole lookup chain.
    /// </summary>
    internal async ValueTask<TokenEntry?> AuthenticateEntryAsync(string token, CancellationToken cancellationToken)
    {
        var entry = await LookupEntryAsync(token, cancellationToken).ConfigureAwait(false);
        return entry is null || entry.NumUses == 0 ? entry : await UseAsync(entry.Key, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<TokenEntry?> LookupEntryAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        if (TokenTypes.IsBatchToken(token))
        {
            var entry = await _batch.OpenAsync(token, cancellationToken).ConfigureAwait(false);
            if (entry is null || entry.IsExpired(_time.GetUtcNow()))
            {
                return null;
            }

            return entry.IsOrphan || await ResolveAsync(entry.Parent, cancellationToken).ConfigureAwait(false) is not null ? entry : null;
        }

        // Once the salt is loaded the hash is computed in place, without a task per request.
        var key = _hasher is { } hasher ? KeyOf(hasher, token) : await HashAsync(token, cancellationToken).ConfigureAwait(false);
        return await ResolveAsync(key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The token's hash; a token seen lately gets the cache's own key string instead of a new one.</summary>
    private string KeyOf(TokenHasher hasher, string token)
    {
        Span<char> hex = stackalloc char[TokenHasher.HexLength];
        hasher.Hash(token, hex);
        return Cache.TryGetKey(hex, out var cached) ? cached : new string(hex);
    }

    /// <summary>The live entry behind an accessor, or null.</summary>
    public async Task<TokenEntry?> LookupByAccessorAsync(string accessor, CancellationToken cancellationToken)
    {
        var key = await KeyOfAccessorAsync(accessor, cancellationToken).ConfigureAwait(false);
        return key is null ? null : await ResolveAsync(key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every accessor in the index (LIST auth/token/accessors): the rows beside the entries, then older ones.</summary>
    public async Task<IReadOnlyList<string>> ListAccessorsAsync(CancellationToken cancellationToken) =>
        [
            .. (await Storage.ListAsync(TokenStoragePaths.Ids, cancellationToken).ConfigureAwait(false))
                .Where(name => name.StartsWith(TokenStoragePaths.AccessorRowPrefix, StringComparison.Ordinal))
                .Select(name => name[TokenStoragePaths.AccessorRowPrefix.Length..]),
            .. (await Storage.ListAsync(TokenStoragePaths.Accessors, cancellationToken).ConfigureAwait(false)).Where(name => !name.EndsWith('/')),
        ];

    /// <summary>
    /// Applies <paramref name="change"/> to a live service token with an ETag check, retrying lost races; returns the
    /// stored result, or null when the token is gone.
    /// </summary>
    public async Task<TokenEntry?> UpdateAsync(string key, Func<TokenEntry, TokenEntry> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var (current, stored) = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
            if (current is null || stored is null || current.RevocationPending || current.IsExpired(_time.GetUtcNow()))
            {
                return null;
            }

            var updated = change(current) with { Key = key };
            try
            {
                await Storage.PutAsync(TokenStoragePaths.Id(key), StoredJson.Serialize(updated), PutCondition.IfMatch(stored.ETag), CancellationToken.None).ConfigureAwait(false);
                Cache.Set(updated);
                return updated;
            }
            catch (StorageConflictException) when (attempt < MaxWriteAttempts)
            {
                // Someone else changed it (a use, a renewal, a revocation): read again.
            }
        }
    }

    /// <summary>
    /// Revokes a service token and all its descendants, with their leases (through the listeners). The revocation
    /// runs to the end even if <paramref name="cancellationToken"/> fires: a half-done revocation is not abandoned.
    /// </summary>
    public Task RevokeTreeAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Revoker.RevokeTreeAsync(key);
    }

    /// <summary>Revokes a service token but keeps its children, which become orphans; not abandoned once started.</summary>
    public Task RevokeOrphanAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Revoker.RevokeOrphanAsync(key);
    }

    /// <summary>Removes index rows of dead tokens and finishes revocations that crashed half-way.</summary>
    public async Task<TokenTidyResult> TidyAsync(CancellationToken cancellationToken)
    {
        var result = await new TokenTidy(this).RunAsync(cancellationToken).ConfigureAwait(false);
        LogTidied(_logger, result.TokensRevoked, result.AccessorRowsDeleted, result.ParentRowsDeleted);
        return result;
    }

    /// <summary>Hex HMAC-SHA256 of a token id under this vault's salt.</summary>
    public async Task<string> HashAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var hasher = _hasher ??= new TokenHasher(await TokenSecrets.LoadOrCreateAsync(Storage, TokenStoragePaths.Salt, cancellationToken).ConfigureAwait(false));
        return hasher.Hash(token);
    }

    /// <summary>The live entry for a token hash, its whole ancestry checked; null when it or an ancestor is dead.</summary>
    internal ValueTask<TokenEntry?> ResolveAsync(string key, CancellationToken cancellationToken) => Chain.ResolveAsync(key, cancellationToken);

    /// <summary>Depth of a live token in its tree (0 for an orphan), or -1 when it or an ancestor is dead.</summary>
    internal ValueTask<int> DepthAsync(string key, CancellationToken cancellationToken) => Chain.DepthAsync(key, cancellationToken);

    /// <summary>The stored entry (any state) and its storage row, or nulls.</summary>
    internal async Task<(TokenEntry? Entry, StorageEntry? Stored)> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var (entry, stored) = await StoredJson.ReadAsync<TokenEntry>(Storage, TokenStoragePaths.Id(key), cancellationToken).ConfigureAwait(false);
        return (entry is null ? null : entry with { Key = key }, stored);
    }

    internal async Task<string?> KeyOfAccessorAsync(string accessor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(accessor) || accessor.Contains('/', StringComparison.Ordinal) || accessor.Length > 64)
        {
            return null;
        }

        var (index, _) = await StoredJson.ReadAsync<TokenIndexEntry>(Storage, TokenStoragePaths.AccessorBesideEntry(accessor), cancellationToken).ConfigureAwait(false);
        if (index is null)
        {
            // A token created before accessor rows moved beside the entries.
            (index, _) = await StoredJson.ReadAsync<TokenIndexEntry>(Storage, TokenStoragePaths.Accessor(accessor), cancellationToken).ConfigureAwait(false);
        }

        return index?.Key is { Length: > 0 } key ? key : null;
    }

    private async Task<TokenEntry?> UseAsync(string key, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (current, stored) = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
            if (current is null || stored is null || current.RevocationPending || current.IsExpired(_time.GetUtcNow()) || current.NumUses <= 0)
            {
                return null;
            }

            // The last use marks the token dying in the same conditional write that claims the use.
            var last = current.NumUses == 1;
            var used = last ? current with { NumUses = -1, RevocationPending = true } : current with { NumUses = current.NumUses - 1 };
            try
            {
                await Storage.PutAsync(TokenStoragePaths.Id(key), StoredJson.Serialize(used), PutCondition.IfMatch(stored.ETag), CancellationToken.None).ConfigureAwait(false);
            }
            catch (StorageConflictException) when (attempt < MaxWriteAttempts)
            {
                continue;
            }

            if (last)
            {
                await Revoker.RevokeTreeAsync(key).ConfigureAwait(false);
            }

            return used;
        }
    }

    /// <summary>
    /// Closes the race with a concurrent revocation of the parent: that revocation marks the parent first and lists
    /// children after, so either it saw this child's index row, or this check sees the parent dying.
    /// </summary>
    private async Task EnsureParentSurvivedAsync(TokenEntry entry)
    {
        if (entry.IsOrphan)
        {
            return;
        }

        var (parent, _) = await ReadAsync(entry.Parent, CancellationToken.None).ConfigureAwait(false);
        if (parent is null || parent.RevocationPending)
        {
            await Revoker.RevokeTreeAsync(entry.Key).ConfigureAwait(false);
            throw VaultException.InvalidRequest("parent token lookup failed: no parent found");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Token tidy revoked {Revoked} dead tokens and removed {AccessorRows} accessor and {ParentRows} parent index rows")]
    private static partial void LogTidied(ILogger logger, int revoked, int accessorRows, int parentRows);
}
