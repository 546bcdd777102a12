using System.Collections.Concurrent;
using Serverless.Vault.Core.Audit;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tests.Quotas;

/// <summary>An audit broker that keeps the request entries' paths and errors, to see what a rejection writes.</summary>
internal sealed class RecordingAuditBroker : IAuditBroker
{
    public ConcurrentQueue<(string Path, string? Error)> Requests { get; } = new();

    public ValueTask LogRequestAsync(VaultRequest request, string? error, CancellationToken cancellationToken)
    {
        Requests.Enqueue((request.OriginalPath, error));
        return ValueTask.CompletedTask;
    }

    public ValueTask LogResponseAsync(VaultRequest request, VaultResponse? response, string? error, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
