using System.Collections.Concurrent;

namespace Serverless.Vault.Core.Tests.Leases;

/// <summary>
/// The system a test backend issues credentials on: which users exist, how often each was revoked, and a switch that
/// makes it unreachable, as a database that is down.
/// </summary>
internal sealed class LeaseTarget
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _revocations = new(StringComparer.Ordinal);

    public bool Down { get; set; }

    public bool Exists(string user) => _users.ContainsKey(user);

    public DateTimeOffset? ValidUntil(string user) => _users.TryGetValue(user, out var until) ? until : null;

    public int Revocations(string user) => _revocations.GetValueOrDefault(user);

    public int UserCount => _users.Count;

    public void Create(string user, DateTimeOffset validUntil)
    {
        ThrowIfDown();
        _users[user] = validUntil;
    }

    public void Renew(string user, DateTimeOffset validUntil)
    {
        ThrowIfDown();
        _users[user] = validUntil;
    }

    /// <summary>Idempotent: a user already gone counts as revoked, but every call that reached the target is counted.</summary>
    public void Revoke(string user)
    {
        ThrowIfDown();
        _revocations.AddOrUpdate(user, 1, (_, n) => n + 1);
        _users.TryRemove(user, out _);
    }

    private void ThrowIfDown()
    {
        if (Down)
        {
            throw new InvalidOperationException("connection refused (target down)");
        }
    }
}
