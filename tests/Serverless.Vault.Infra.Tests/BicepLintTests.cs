using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Infra.Tests;

/// <summary>Every Bicep file builds and lints without a single diagnostic under infra/bicepconfig.json (as infra/check.sh in CI).</summary>
public sealed class BicepLintTests
{
    private static string Infra => Path.Combine(RepositoryRoot.Find(), "infra");

    [Fact]
    public async Task EveryBicepFile_Lints_WithoutDiagnostics()
    {
        var lint = await BicepCli.RunAsync(["lint", "--pattern", "**/*.bicep"], Infra);

        Assert.Equal(0, lint.ExitCode);
        Assert.Equal("", lint.Output.Trim());
    }

    [Fact]
    public async Task MainTemplate_Builds_WithoutDiagnostics()
    {
        var build = await BicepCli.RunAsync(["build", Path.Combine(Infra, "main.bicep"), "--stdout"]);

        Assert.Equal(0, build.ExitCode);
        Assert.DoesNotMatch(@"\) : (Warning|Error) ", build.Output);
        Assert.Contains("\"Microsoft.Web/sites\"", build.Output, StringComparison.Ordinal);
    }
}
