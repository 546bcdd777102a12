namespace Serverless.Vault.Core.Auth;

/// <summary>What an auth method decided a successful login gets; <see cref="LoginTokens"/> turns it into a token.</summary>
public sealed record LoginGrant(TokenParams Settings)
{
    /// <summary>Policies beyond the role's or user's own token_policies (GitHub team maps, Okta groups).</summary>
    public IReadOnlyList<string> ExtraPolicies { get; init; } = [];

    /// <summary>The auth block's metadata, also kept on the token (e.g. role_name, username).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Kept on a service token for the login path's renewal check (<see cref="Tokens.TokenEntry.InternalData"/>); never
    /// answered. Batch tokens cannot be renewed and do not carry it.
    /// </summary>
    public IReadOnlyDictionary<string, string>? InternalData { get; init; }

    /// <summary>The token's display name, e.g. "approle" or "userpass-alice" (Vault prefixes the mount type).</summary>
    public required string DisplayName { get; init; }
}
