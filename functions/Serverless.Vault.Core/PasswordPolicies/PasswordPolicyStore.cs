using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.PasswordPolicies;

/// <summary>Password policies behind the barrier, one row each, and passwords generated from them.</summary>
public sealed class PasswordPolicyStore(IBarrier barrier)
{
    /// <summary>One row per policy, keyed by its name.</summary>
    public const string Prefix = "core/password_policy/";

    private const int MaxNameLength = 128;

    /// <summary>The stored policy, or null when there is none.</summary>
    public async Task<StoredPasswordPolicy?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var (stored, _) = await StoredJson.ReadAsync<StoredPasswordPolicy>(barrier.Storage, Prefix + CheckName(name), cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <summary>Decodes (base64), parses and validates the policy, then stores it; an unusable policy is a 400 and nothing is written.</summary>
    public async Task WriteAsync(string name, string text, CancellationToken cancellationToken)
    {
        CheckName(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw VaultException.InvalidRequest("missing policy");
        }

        var decoded = PasswordPolicyParser.Decode(text);
        PasswordPolicyParser.Parse(decoded);
        var stored = new StoredPasswordPolicy(name, decoded);
        await barrier.Storage.PutAsync(Prefix + name, StoredJson.Serialize(stored), PutCondition.None, CancellationToken.None).ConfigureAwait(false);
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        barrier.Storage.DeleteAsync(Prefix + CheckName(name), CancellationToken.None);

    /// <summary>Every policy name, sorted.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var keys = await barrier.Storage.ListAsync(Prefix, cancellationToken).ConfigureAwait(false);
        return [.. keys.Where(k => !k.EndsWith('/')).Order(StringComparer.Ordinal)];
    }

    /// <summary>True when a policy of this name is stored.</summary>
    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken) =>
        await ReadAsync(name, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>A password from the named policy; a missing policy is a 400.</summary>
    public async Task<string> GenerateAsync(string name, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest($"password policy \"{name}\" does not exist");
        return PasswordGenerator.Generate(PasswordPolicyParser.Parse(stored.Policy));
    }

    private static string CheckName(string name) =>
        name.Length is 0 or > MaxNameLength || name.Contains('/', StringComparison.Ordinal)
            ? throw VaultException.InvalidRequest($"invalid password policy name \"{name}\": use 1 to {MaxNameLength} characters without '/'")
            : name;
}
