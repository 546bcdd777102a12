using System.Text.RegularExpressions;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Auth.Userpass;

/// <summary>Users in the mount's (barrier-encrypted) storage, keyed by their normalised name.</summary>
internal static partial class UserpassStore
{
    /// <summary>One row per user under "user/", as Vault lays them out.</summary>
    public const string UserPrefix = "user/";

    public static readonly Field<string> Username = Fields.String("username", "Name of the user; case-insensitive.");

    /// <summary>Vault lowercases usernames so "Mary" and "mary" are one user; surrounding spaces are dropped too.</summary>
    public static string Normalise(string username) => username.Trim().ToLowerInvariant();

    /// <summary>Vault's GenericNameRegex: word characters, '-' and '.', starting and ending with a word character.</summary>
    public static bool IsValid(string normalised) => NamePattern().IsMatch(normalised);

    /// <summary>The normalised username of the route; a name Vault would not route is a 400.</summary>
    public static string RequireValidName(RequestContext context)
    {
        var name = Normalise(context.Get(Username));
        return IsValid(name)
            ? name
            : throw VaultException.InvalidRequest("invalid username: use letters, digits, '_', '-' and '.', starting and ending with a letter or digit");
    }

    public static async Task<(UserpassUser? User, StorageEntry? Entry)> ReadAsync(IStorage storage, string name, CancellationToken cancellationToken) =>
        await StoredJson.ReadAsync<UserpassUser>(storage, UserPrefix + name, cancellationToken).ConfigureAwait(false);

    /// <summary>Writes under the ETag read (or NotExists): a concurrent change is a conflict, not a lost update.</summary>
    public static Task PutAsync(IStorage storage, string name, UserpassUser user, StorageEntry? current, CancellationToken cancellationToken) =>
        storage.PutAsync(UserPrefix + name, StoredJson.Serialize(user), PutCondition.From(current), cancellationToken);

    /// <summary>A write to users/:username is a create when the user does not exist yet (ACL tells them apart).</summary>
    public static async Task<bool> ExistsAsync(RequestContext context, CancellationToken cancellationToken) =>
        await context.Storage.GetAsync(UserPrefix + Normalise(context.Get(Username)), cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>The user a password or policies update changes; a missing user is a 400, as in Vault.</summary>
    public static async Task<(UserpassUser User, StorageEntry Entry)> RequireAsync(IStorage storage, string name, CancellationToken cancellationToken)
    {
        var (user, entry) = await ReadAsync(storage, name, cancellationToken).ConfigureAwait(false);
        return user is null || entry is null ? throw VaultException.InvalidRequest("username does not exist") : (user, entry);
    }

    [GeneratedRegex(@"^\w([\w.-]*\w)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
