using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Load.Client;
using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Workloads;

/// <summary>A KV mount (v1 or v2) with its secret paths and a pre-serialised body of the configured size.</summary>
internal sealed class KvSeed
{
    private KvSeed(string mount, int version, int count, byte[] body)
    {
        Mount = mount;
        Version = version;
        Count = count;
        Body = body;
    }

    public string Mount { get; }

    public int Version { get; }

    /// <summary>How many secrets the test reads or writes (option "secret_count", default 100).</summary>
    public int Count { get; }

    /// <summary>A write body holding one value of option "secret_size" bytes (default 100).</summary>
    public byte[] Body { get; }

    /// <summary>Mounts KV of the given version; seeds every secret when <paramref name="seed"/> is set.</summary>
    public static async Task<KvSeed> SetUpAsync(LoadContext context, int version, bool seed, CancellationToken cancellationToken)
    {
        var mount = await context.MountSecretsAsync("kv", new JsonObject { ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken).ConfigureAwait(false);
        var data = new JsonObject { ["value"] = Payloads.Text(context.Options.Int("secret_size", 100)) };
        var body = JsonSerializer.SerializeToUtf8Bytes(version == 2 ? new JsonObject { ["data"] = data } : data);
        var kv = new KvSeed(mount, version, Math.Max(1, context.Options.Int("secret_count", 100)), body);
        for (var i = 0; seed && i < kv.Count; i++)
        {
            await context.Client.CallAsync(HttpMethod.Post, kv.DataPath(i), body, cancellationToken).ConfigureAwait(false);
        }

        return kv;
    }

    public string DataPath(int index) => Version == 2 ? $"{Mount}/data/load/{index}" : $"{Mount}/load/{index}";

    public string RandomPath() => DataPath(Random.Shared.Next(Count));
}
