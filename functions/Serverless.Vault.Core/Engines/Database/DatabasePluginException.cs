namespace Serverless.Vault.Core.Engines.Database;

/// <summary>
/// A plugin's failure, its message already scrubbed of passwords. <see cref="Unreachable"/> separates "the database
/// could not be reached or refused the login" (503) from "the database rejected a statement" (400).
/// </summary>
public sealed class DatabasePluginException : Exception
{
    public DatabasePluginException()
    {
    }

    public DatabasePluginException(string message)
        : base(message)
    {
    }

    public DatabasePluginException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public bool Unreachable { get; init; }
}
