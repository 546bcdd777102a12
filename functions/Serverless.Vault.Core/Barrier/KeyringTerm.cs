namespace Serverless.Vault.Core.Barrier;

/// <summary>One data key of the keyring. The key array is shared between keyring generations and zeroed on seal.</summary>
internal sealed record KeyringTerm(int Term, byte[] Key, DateTimeOffset InstallTime);
