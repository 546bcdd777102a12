namespace Serverless.Vault.Core.Tokens;

/// <summary>What one tidy pass did: rows removed and revocations of dead tokens it finished.</summary>
public sealed record TokenTidyResult(int AccessorRowsDeleted, int ParentRowsDeleted, int TokensRevoked);
