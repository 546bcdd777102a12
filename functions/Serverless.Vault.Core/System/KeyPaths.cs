using System.Globalization;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.System;

/// <summary>sys/key-status, sys/rotate and sys/sealwrap/rewrap: the barrier keyring's term, a new term, and re-wrapping the root key.</summary>
public sealed class KeyPaths(IBarrier barrier)
{
    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("key-status")
        {
            Handlers = { [Operation.Read] = StatusAsync },
            CopyDataToTopLevel = true,
            Synopsis = "The active barrier key term, its install time, and re-encryption progress.",
        },
        new PathSpec("rotate")
        {
            Handlers = { [Operation.Update] = RotateAsync },
            Sudo = true,
            CopyDataToTopLevel = true,
            Synopsis = "Add a barrier key term; new writes use it and old values are re-encrypted in the background.",
        },
        new PathSpec("sealwrap/rewrap")
        {
            Handlers = { [Operation.Update] = RewrapAsync },
            Sudo = true,
            Synopsis = "Wrap the root key again with the seal's current key version, after the seal key was rotated.",
        },
    ];

    private async Task<VaultResponse?> StatusAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var status = await barrier.GetKeyStatusAsync(cancellationToken).ConfigureAwait(false);
        var progress = status.Reencryption;
        return VaultResponse.WithData(new JsonObject
        {
            ["term"] = status.Term,
            ["install_time"] = Rfc3339(status.InstallTime),
            ["encryptions"] = status.Encryptions,
            ["reencryption"] = new JsonObject
            {
                ["target_term"] = progress.TargetTerm,
                ["completed"] = progress.Completed,
                ["reencrypted"] = progress.Reencrypted,
                ["completed_time"] = progress.CompletedTime is { } done ? Rfc3339(done) : null,
            },
        });
    }

    private async Task<VaultResponse?> RotateAsync(RequestContext context, CancellationToken cancellationToken)
    {
        await barrier.RotateAsync(CancellationToken.None).ConfigureAwait(false);
        return null;
    }

    private async Task<VaultResponse?> RewrapAsync(RequestContext context, CancellationToken cancellationToken)
    {
        // Not abandoned on client cancellation: the conditional write either lands whole or not at all.
        await barrier.RewrapRootKeyAsync(CancellationToken.None).ConfigureAwait(false);
        return null;
    }

    private static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
