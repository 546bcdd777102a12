namespace Serverless.Vault.Core.Barrier;

/// <summary>The barrier is sealed: no key is in memory, so nothing can be read or written.</summary>
public sealed class SealedException() : Exception("Vault is sealed");
