namespace Serverless.Vault.Testing.Fixtures;

/// <summary>How a finished command ended: its exit code and its standard output and error, interleaved.</summary>
public sealed record ProcessResult(int ExitCode, string Output);
