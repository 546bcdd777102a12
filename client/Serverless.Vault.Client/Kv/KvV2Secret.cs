using System.Text.Json.Nodes;

namespace Serverless.Vault.Client.Kv;

/// <summary>One version of a KV v2 secret.</summary>
public sealed record KvV2Secret(JsonObject Data, int Version, DateTimeOffset? CreatedTime)
{
    /// <summary>Secret values: not printed.</summary>
    public override string ToString() => $"KvV2Secret {{ Version = {Version}, Keys = [{string.Join(", ", Data.Select(p => p.Key))}] }}";
}
