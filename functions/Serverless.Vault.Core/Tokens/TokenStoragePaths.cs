namespace Serverless.Vault.Core.Tokens;

/// <summary>
/// Where the token store keeps its state, all behind the barrier. Keys hold HMACs of token ids, never ids, so a
/// storage dump (even decrypted) holds no usable token.
/// </summary>
internal static class TokenStoragePaths
{
    /// <summary>The HMAC key for token ids: random per vault, created once (NotExists) by whichever instance is first.</summary>
    public const string Salt = "core/token/salt";

    /// <summary>The AES-256 key that seals batch tokens: created once like the salt, so every instance reads the same.</summary>
    public const string BatchKey = "core/token/batch-key";

    /// <summary>Token entries: <c>id/&lt;hmac&gt;</c>. Written last at creation, so an entry always has its indexes.</summary>
    public const string Ids = "core/token/id/";

    /// <summary>
    /// Accessor index: <c>accessor/&lt;accessor&gt;</c> holds the token's hmac. Accessors are not secrets (they
    /// cannot authenticate), and a plain key lets LIST auth/token/accessors answer with one query.
    /// </summary>
    public const string Accessors = "core/token/accessor/";

    /// <summary>
    /// The accessor index row of a token whose entry says <see cref="TokenEntry.AccessorBesideEntry"/>:
    /// <c>id/accessor.&lt;accessor&gt;</c>, in the entries' own folder (a name no hex HMAC can have), so that the entry
    /// and its accessor row are created, and deleted, in one transaction. Older tokens keep theirs in <see cref="Accessors"/>.
    /// </summary>
    public const string AccessorRowPrefix = "accessor.";

    /// <summary>Parent index: <c>parent/&lt;parent hmac&gt;/&lt;child hmac&gt;</c>; listing one folder gives the children.</summary>
    public const string Parents = "core/token/parent/";

    /// <summary>Token roles: <c>roles/&lt;name&gt;</c>.</summary>
    public const string Roles = "core/token/roles/";

    public static string Id(string key) => Ids + key;

    public static string Accessor(string accessor) => Accessors + accessor;

    public static string AccessorBesideEntry(string accessor) => Ids + AccessorRowPrefix + accessor;

    public static string ChildrenOf(string parentKey) => Parents + parentKey + "/";

    public static string Child(string parentKey, string childKey) => Parents + parentKey + "/" + childKey;

    public static string Role(string name) => Roles + name;
}
