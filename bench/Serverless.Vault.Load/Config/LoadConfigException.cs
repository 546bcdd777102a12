namespace Serverless.Vault.Load.Config;

/// <summary>A config file the tool cannot run; the message says what to fix.</summary>
internal sealed class LoadConfigException(string message) : Exception(message);
