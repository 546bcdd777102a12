using System.Text.RegularExpressions;
using Serverless.Vault.Core.Security;

namespace Serverless.Vault.Core.Tests.Security;

public sealed partial class RandomIdsTests
{
    [Fact]
    public void Uuid_IsAVersion4Rfc4122Uuid_AndNeverRepeats()
    {
        var ids = Enumerable.Range(0, 5000).Select(_ => RandomIds.Uuid()).ToList();

        Assert.All(ids, id => Assert.Matches(Version4(), id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Uuid_FromManyThreads_NeverRepeats()
    {
        var batches = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Enumerable.Range(0, 1000).Select(_ => RandomIds.Uuid()).ToList())));

        var all = batches.SelectMany(batch => batch).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex Version4();
}
