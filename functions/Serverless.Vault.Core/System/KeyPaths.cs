using System.Globalization;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.System;

/// <summary>sys/key-status and sys/rotate: the barrier keyring's active term and adding a new one.</summary>
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

    private static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
