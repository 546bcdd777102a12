using System.Security.Cryptography;
using System.Text;
using Serverless.Vault.Core.Engines.Database;
using Serverless.Vault.Core.Templates;

namespace Serverless.Vault.Core.Tests.Templates;

public sealed class StringTemplateTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 7, 14, 5, 9, 123, TimeSpan.Zero);
    private static readonly IReadOnlySet<string> Fields = new HashSet<string>(StringComparer.Ordinal) { "DisplayName", "RoleName" };

    private static string Render(string template, string displayName = "token-alice", string roleName = "Read_Only.Role") =>
        StringTemplate.Parse(template, Fields).Render(
            new Dictionary<string, string>(StringComparer.Ordinal) { ["DisplayName"] = displayName, ["RoleName"] = roleName }, Now);

    private static string ErrorOf(string template) => Assert.Throws<TemplateException>(() => Render(template)).Message;

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("{{.DisplayName}}", "token-alice")]
    [InlineData("x-{{ .RoleName }}-y", "x-Read_Only.Role-y")]
    [InlineData("{{ .RoleName | truncate 4 }}", "Read")]
    [InlineData("{{ truncate 4 .RoleName }}", "Read")]
    [InlineData("{{ .RoleName | truncate 100 }}", "Read_Only.Role")]
    [InlineData("{{ .RoleName | uppercase }}", "READ_ONLY.ROLE")]
    [InlineData("{{ .RoleName | lowercase }}", "read_only.role")]
    [InlineData("{{ .RoleName | replace \"_\" \"-\" | replace \".\" \"-\" }}", "Read-Only-Role")]
    [InlineData("{{ .RoleName | lowercase | replace `.` `` }}", "read_onlyrole")]
    [InlineData("{{ \"abc\" | base64 }}", "YWJj")]
    [InlineData("{{ \"abc\" | hex }}", "616263")]
    [InlineData("{{ \"abc\" | sha256 }}", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("{{ printf \"%s-%d-%%\" .RoleName 42 }}", "Read_Only.Role-42-%")]
    [InlineData("{{ printf \"%s_%s\" (.DisplayName | truncate 5) (.RoleName | lowercase | truncate 4) }}", "token_read")]
    [InlineData("{{ unix_time }}", "1709820309")]
    [InlineData("{{ unix_time_millis }}", "1709820309123")]
    [InlineData("{{ 42 }}", "42")]
    [InlineData("a {{- \" b \" -}} c", "a b c")]
    [InlineData("a {{/* a comment */}}b", "a b")]
    [InlineData("{{ \"q\\\"t\" }}", "q\"t")]
    public void Render_Functions(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("2006-01-02T15:04:05Z07:00", "2024-03-07T14:05:09Z")]
    [InlineData("20060102150405", "20240307140509")]
    [InlineData("Jan 2 06 3:04PM", "Mar 7 24 2:05PM")]
    [InlineData("Monday January 02 2006 15:04:05.000 MST", "Thursday March 07 2024 14:05:09.123 UTC")]
    [InlineData("2006-01-02 15:04:05.0 -0700", "2024-03-07 14:05:09.1 +0000")]
    [InlineData("Month", "Month")]
    public void Timestamp_GoLayouts_AreTranslated(string layout, string expected) =>
        Assert.Equal(expected, Render($"{{{{ timestamp \"{layout}\" }}}}"));

    [Theory]
    [InlineData("_2")]
    [InlineData("15:04:05.999")]
    [InlineData("002")]
    public void Timestamp_UnsupportedLayoutElements_AreRefused(string layout) =>
        Assert.Contains("not supported", ErrorOf($"{{{{ timestamp \"{layout}\" }}}}"), StringComparison.Ordinal);

    [Fact]
    public void Random_IsAlphanumericOfTheGivenLength_AndVaries()
    {
        var first = Render("{{ random 20 }}");
        Assert.Matches("^[A-Za-z0-9]{20}$", first);
        Assert.NotEqual(first, Render("{{ random 20 }}"));
    }

    [Fact]
    public void Uuid_IsAFreshUuid()
    {
        var uuid = Render("{{ uuid }}");
        Assert.True(Guid.TryParseExact(uuid, "D", out _));
        Assert.NotEqual(uuid, Render("{{ uuid }}"));
    }

    [Fact]
    public void TruncateSha256_KeepsThePrefixAndHashesTheRest()
    {
        var text = new string('a', 12) + "TAIL";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("aaaaaaaaTAIL")))[..8];

        Assert.Equal("aaaa" + hash, Render($"{{{{ \"{text}\" | truncate_sha256 12 }}}}"));
        Assert.Equal("short", Render("{{ \"short\" | truncate_sha256 16 }}"));
        Assert.Contains("must be > 8", ErrorOf("{{ \"x\" | truncate_sha256 8 }}"), StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultPostgresTemplate_HasVaultsShape()
    {
        var name = Render(CredentialGenerator.DefaultUsernameTemplate, "token-alice-long", "Read_Only.Role");

        Assert.Matches("^v-token-al-Read_Onl-[A-Za-z0-9]{20}-1709820309$", name);
        Assert.True(name.Length <= 63);
        Assert.Equal(51, Render(CredentialGenerator.DefaultUsernameTemplate, new string('d', 40), new string('r', 40)).Length);
        Assert.Equal(63, Render("{{ printf \"%s-%s\" (random 40) (random 40) | truncate 63 }}").Length);
    }

    [Theory]
    [InlineData("{{ .DisplayName", "unclosed action")]
    [InlineData("{{ nope }}", "function \"nope\" not defined")]
    [InlineData("{{ .Other }}", "unknown field .Other")]
    [InlineData("{{ if .RoleName }}x{{ end }}", "\"if\" is not supported")]
    [InlineData("{{ $x := 1 }}", "variables are not supported")]
    [InlineData("{{ truncate 8 }}", "wrong number of args for truncate: want 2 got 1")]
    [InlineData("{{ .RoleName | uuid }}", "wrong number of args for uuid: want 0 got 1")]
    [InlineData("{{ .RoleName | \"x\" }}", "non executable command")]
    [InlineData("{{ \"x\" \"y\" }}", "can't give argument to non-function")]
    [InlineData("{{ (.RoleName }}", "unclosed left paren")]
    [InlineData("{{ \"abc }}", "unterminated quoted string")]
    [InlineData("{{ ((((((((((1)))))))))) }}", "nested deeper than 8")]
    [InlineData("{{/* open }}", "unclosed comment")]
    [InlineData("", "missing template")]
    public void Parse_Errors_SayWhatIsWrong(string template, string fragment) =>
        Assert.Contains(fragment, ErrorOf(template), StringComparison.Ordinal);

    [Theory]
    [InlineData("{{ .RoleName | truncate 0 }}", "max length must be > 0")]
    [InlineData("{{ truncate \"8\" .RoleName }}", "must be an integer")]
    [InlineData("{{ 8 | uppercase }}", "must be a string")]
    [InlineData("{{ printf \"%x\" .RoleName }}", "only %s, %d and %% are supported")]
    [InlineData("{{ printf \"%s %s\" .RoleName }}", "missing argument")]
    [InlineData("{{ printf \"%d\" .RoleName }}", "%d needs an integer")]
    [InlineData("{{ printf \"%s\" .RoleName .RoleName }}", "unused argument")]
    [InlineData("{{ random 5000 }}", "random: length must be between 1 and 1024")]
    [InlineData("{{ .RoleName | replace \"\" \"x\" }}", "cannot be empty")]
    public void Render_Errors_SayWhatIsWrong(string template, string fragment) =>
        Assert.Contains(fragment, ErrorOf(template), StringComparison.Ordinal);

    [Fact]
    public void Output_IsBounded()
    {
        Assert.Contains("longer than 1024", ErrorOf("{{ random 1000 }}{{ random 1000 }}"), StringComparison.Ordinal);
        Assert.Contains("longer than 1024", ErrorOf("{{ random 600 | replace \"a\" \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" | replace \"b\" \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\" | base64 | base64 | base64 }}"), StringComparison.Ordinal);
        Assert.Contains("longer than 4096", ErrorOf(new string('x', 5000)), StringComparison.Ordinal);
    }
}
