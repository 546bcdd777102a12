using Microsoft.Extensions.Logging;

namespace Serverless.Vault.Client.Configuration;

/// <summary>The configuration provider's log lines: paths and versions only, never values.</summary>
internal static partial class VaultConfigurationLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded vault secret {Mount}/{Path} version {Version} into configuration")]
    public static partial void Loaded(ILogger logger, string mount, string path, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vault secret {Mount}/{Path} does not exist; it is optional, so it adds no keys")]
    public static partial void MissingOptional(ILogger logger, string mount, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vault secret {Mount}/{Path} is gone; keeping the values loaded before")]
    public static partial void MissingKept(ILogger logger, string mount, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading vault secrets from {Mount} failed; the configuration keeps the values loaded before")]
    public static partial void LoadFailed(ILogger logger, string mount, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading {Mount}/metadata/{Path} is denied; polling reads the secret's data instead")]
    public static partial void MetadataDenied(ILogger logger, string mount, string path);
}
