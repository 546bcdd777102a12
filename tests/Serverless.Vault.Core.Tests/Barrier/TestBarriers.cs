using System.Security.Cryptography;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tests.Barrier;

/// <summary>Barriers over in-memory storage with a local seal, the way engine tests use them.</summary>
internal static class TestBarriers
{
    public static readonly byte[] SealKey = RandomNumberGenerator.GetBytes(32);

    public static LocalSeal Seal() => LocalSeal.FromKey(SealKey);

    public static AesGcmBarrier Over(IStorage physical, ISeal? seal = null, TimeProvider? time = null) =>
        new(physical, seal ?? Seal(), time);

    public static async Task<AesGcmBarrier> InitializedAsync(IStorage physical, ISeal? seal = null, TimeProvider? time = null)
    {
        var barrier = Over(physical, seal, time);
        await barrier.InitializeAsync(CancellationToken.None);
        return barrier;
    }

    public static Task<string> PutAsync(this IStorage storage, string key, string value) =>
        storage.PutAsync(key, global::System.Text.Encoding.UTF8.GetBytes(value), PutCondition.None, CancellationToken.None);

    public static async Task<string?> GetStringAsync(this IStorage storage, string key) =>
        await storage.GetAsync(key, CancellationToken.None) is { } entry ? global::System.Text.Encoding.UTF8.GetString(entry.Value) : null;

    public static async Task<int> TermOfAsync(IStorage physical, string key) =>
        BarrierValueFormat.ReadTerm(key, (await physical.GetAsync(key, CancellationToken.None))!.Value);
}
