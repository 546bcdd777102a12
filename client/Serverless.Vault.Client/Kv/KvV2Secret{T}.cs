namespace Serverless.Vault.Client.Kv;

/// <summary>One version of a KV v2 secret, bound to <typeparamref name="T"/>.</summary>
public sealed record KvV2Secret<T>(T Data, int Version, DateTimeOffset? CreatedTime)
{
    /// <summary>Secret values: not printed.</summary>
    public override string ToString() => $"KvV2Secret<{typeof(T).Name}> {{ Version = {Version} }}";
}
