namespace Serverless.Vault.Core.Tokens;

/// <summary>A token just created: its id, shown to the caller once and never stored, and its entry.</summary>
public sealed record IssuedToken(string Id, TokenEntry Entry);
