using Serverless.Vault.Load.Config;

namespace Serverless.Vault.Load.Tests;

public sealed class LoadConfigTests
{
    private const string Address = "\"address\": \"http://127.0.0.1:8200\", \"token\": \"t\"";

    [Fact]
    public void Weights_NotSummingTo100_AreRejectedWithTheSumAndTheParts()
    {
        var json = "{" + Address + ", \"tests\": [{\"type\": \"kvv2_read\", \"weight\": 60}, {\"type\": \"sys_health\", \"weight\": 30}]}";

        var error = Assert.Throws<LoadConfigException>(() => ConfigLoader.Parse(json));

        Assert.Contains("must sum to 100", error.Message, StringComparison.Ordinal);
        Assert.Contains("sum to 90", error.Message, StringComparison.Ordinal);
        Assert.Contains("kvv2_read 60", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_SummingTo100_Load_WithDefaultsAndOptions()
    {
        var json = "{" + Address + ", \"duration\": \"1500ms\", \"rate\": 50, \"tests\": [" +
            "{\"type\": \"kvv2_read\", \"weight\": 70.5, \"options\": {\"secret_count\": 7}}, {\"type\": \"sys_health\", \"weight\": 29.5}]}";

        var config = ConfigLoader.Parse(json);

        Assert.Equal(TimeSpan.FromMilliseconds(1500), config.DurationSpan);
        Assert.Equal(50, config.Rate);
        Assert.Equal(4, config.Workers);
        Assert.True(config.Cleanup);
        Assert.Equal(7, new TestOptions("kvv2_read", config.Tests[0].Options).Int("secret_count", 100));
    }

    [Theory]
    [InlineData("{\"type\": \"kv_read\", \"weight\": 100}", "unknown test type \"kv_read\"")]
    [InlineData("{\"type\": \"sys_health\", \"weight\": 100}, {\"type\": \"sys_health\", \"weight\": 0}", "every weight must be above 0")]
    [InlineData("{\"type\": \"sys_health\", \"weight\": 50}, {\"type\": \"sys_health\", \"weight\": 50}", "give each a distinct \"name\"")]
    public void Tests_ThatCannotRun_AreRejectedSayingWhy(string tests, string expected)
    {
        var error = Assert.Throws<LoadConfigException>(() => ConfigLoader.Parse("{" + Address + ", \"tests\": [" + tests + "]}"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"duration\": \"soon\"", "is not a positive duration")]
    [InlineData("\"workers\": 0", "at least 1")]
    [InlineData("\"rate\": -5", "requests per second above 0")]
    [InlineData("\"ratios\": [{\"name\": \"r\", \"subject\": \"sys_health\", \"baseline\": \"aes_gcm\", \"target\": 1}]", "names test \"aes_gcm\", which is not in \"tests\"")]
    [InlineData("\"ratios\": [{\"name\": \"r\", \"subject\": \"sys_health\", \"baseline\": \"sys_health\", \"kind\": \"p99\", \"target\": 1}]", "use \"throughput\" or \"p50\"")]
    public void RunSettings_ThatCannotWork_AreRejectedSayingWhy(string setting, string expected)
    {
        var json = "{" + Address + ", " + setting + ", \"tests\": [{\"type\": \"sys_health\", \"weight\": 100}]}";

        var error = Assert.Throws<LoadConfigException>(() => ConfigLoader.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_OfTheWrongType_NameTheTestAndOption()
    {
        var config = ConfigLoader.Parse("{" + Address + ", \"tests\": [{\"type\": \"kvv2_read\", \"weight\": 100, \"options\": {\"secret_count\": \"many\"}}]}");

        var error = Assert.Throws<LoadConfigException>(() => new TestOptions("kvv2_read", config.Tests[0].Options).Int("secret_count", 1));

        Assert.Contains("test \"kvv2_read\": option \"secret_count\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExampleConfig_InTheRepository_IsValid()
    {
        var path = Path.Combine(Serverless.Vault.Testing.Fixtures.RepositoryRoot.Find(), "bench", "load.example.json");

        var config = ConfigLoader.Load(path);

        Assert.Equal(100, config.Tests.Sum(t => t.Weight));
        Assert.NotEmpty(config.Ratios);
    }
}
