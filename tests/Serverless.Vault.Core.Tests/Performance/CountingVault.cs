using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Performance;

/// <summary>Puts a <see cref="CountingStorage"/> under the barrier and a <see cref="CountingSeal"/> around the seal of a <see cref="TestVault"/>.</summary>
internal static class CountingVault
{
    public static void Configure(IServiceCollection services)
    {
        var physical = (IStorage)services.Last(d => d.ServiceType == typeof(IStorage)).ImplementationInstance!;
        var seal = (ISeal)services.Last(d => d.ServiceType == typeof(ISeal)).ImplementationInstance!;
        services.AddSingleton<IStorage>(new CountingStorage(physical));
        services.AddSingleton<ISeal>(new CountingSeal(seal));
    }

    public static CountingStorage Storage(TestVault vault) => (CountingStorage)vault.Services.GetRequiredService<IStorage>();

    public static CountingSeal Seal(TestVault vault) => (CountingSeal)vault.Services.GetRequiredService<ISeal>();

    /// <summary>What <paramref name="call"/> cost in storage operations.</summary>
    public static async Task<StorageOperationCounts> CostOfAsync(TestVault vault, Func<Task> call)
    {
        var before = Storage(vault).Counts;
        await call();
        return Storage(vault).Counts - before;
    }
}
