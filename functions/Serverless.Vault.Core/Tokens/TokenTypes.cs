namespace Serverless.Vault.Core.Tokens;

/// <summary>Vault's token types and their id prefixes.</summary>
public static class TokenTypes
{
    public const string Service = "service";

    public const string Batch = "batch";

    /// <summary>Service tokens: "hvs." and 24 base62 characters.</summary>
    public const string ServicePrefix = "hvs.";

    /// <summary>Batch tokens: "hvb." and the base64url of the encrypted entry.</summary>
    public const string BatchPrefix = "hvb.";

    public static bool IsBatchToken(string token) => token.StartsWith(BatchPrefix, StringComparison.Ordinal);
}
