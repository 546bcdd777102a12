using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Framework;

/// <summary>A registered lease, as handed back to the backend that issued it for renewal or revocation.</summary>
public sealed record LeaseContext(string LeaseId, JsonObject InternalData, DateTimeOffset IssueTime, DateTimeOffset ExpireTime);
