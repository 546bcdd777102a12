namespace Serverless.Vault.Core.Framework;

/// <summary>
/// Asks the caller's policies about other paths than the one requested, for handlers whose answer spans several
/// paths (a recursive listing returns only keys in folders the token may list). Set by the authoriser.
/// </summary>
public interface IPermissionCheck
{
    /// <summary>Whether the token may perform <paramref name="operation"/> on the full path (mount included).</summary>
    Task<bool> AllowsAsync(string path, Operation operation, CancellationToken cancellationToken);
}
