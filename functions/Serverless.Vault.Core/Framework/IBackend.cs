namespace Serverless.Vault.Core.Framework;

/// <summary>A secrets engine, auth method or the system backend: a table of paths over a mount-scoped storage.</summary>
public interface IBackend
{
    PathTable Paths { get; }
}
