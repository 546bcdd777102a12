namespace Serverless.Vault.Core.Barrier;

/// <summary>What sys/key-status reports: the active term, when it was installed, and how far re-encryption has come.</summary>
public sealed record KeyStatus(
    int Term,
    DateTimeOffset InstallTime,
    long Encryptions,
    ReencryptionProgress Reencryption);

/// <summary>Progress of moving values written under older terms to the newest term.</summary>
public sealed record ReencryptionProgress(int TargetTerm, bool Completed, long Reencrypted, string? LastKey, DateTimeOffset? CompletedTime);
