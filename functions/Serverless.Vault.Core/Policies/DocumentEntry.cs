namespace Serverless.Vault.Core.Policies;

/// <summary>One key of an object, with the position of the key for error messages.</summary>
internal sealed record DocumentEntry(string Key, int Line, int Column, DocumentNode Value);
