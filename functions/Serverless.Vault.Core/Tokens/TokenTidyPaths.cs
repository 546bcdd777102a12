using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tokens;

/// <summary>POST auth/token/tidy: removes index rows of expired and revoked tokens.</summary>
internal sealed class TokenTidyPaths(TokenStore store)
{
    /// <summary>Vault's answer. Tidy here runs within the request (an instance may freeze once it answers); its counts go to the log.</summary>
    public const string TidyWarning = "Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs.";

    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("tidy")
        {
            Handlers = { [Operation.Update] = TidyAsync },
            Synopsis = "Remove index entries of expired and revoked tokens, and finish interrupted revocations.",
        },
    ];

    private async Task<VaultResponse?> TidyAsync(RequestContext context, CancellationToken cancellationToken)
    {
        await store.TidyAsync(cancellationToken).ConfigureAwait(false);
        return new VaultResponse { Warnings = [TidyWarning], StatusCode = 202 };
    }
}
