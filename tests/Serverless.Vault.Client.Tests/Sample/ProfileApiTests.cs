using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProfileApi;
using Serverless.Vault.Client.Npgsql;

namespace Serverless.Vault.Client.Tests.Sample;

/// <summary>The sample's functions, invoked as the worker would, on the container Program.cs builds.</summary>
public sealed class ProfileApiTests(ProfileApiFixture fixture) : IClassFixture<ProfileApiFixture>
{
    private ProfileFunctions Functions => ActivatorUtilities.CreateInstance<ProfileFunctions>(fixture.Services);

    [Fact]
    public async Task CreateProfile_ThenGetProfile_ReturnsTheDecryptedEmail()
    {
        var created = await InvokeAsync(Functions.CreateAsync(Post("""{"name": "Ada Lovelace", "email": "ada@example.com"}"""), default));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Body!["id"]!.GetValue<string>();
        Assert.Equal($"/api/profiles/{id}", created.Location);
        Assert.Equal("ada@example.com", created.Body["email"]!.GetValue<string>());

        var read = await InvokeAsync(Functions.GetAsync(Get(), id, default));

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(id, read.Body!["id"]!.GetValue<string>());
        Assert.Equal("Ada Lovelace", read.Body["name"]!.GetValue<string>());
        Assert.Equal("ada@example.com", read.Body["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateProfile_StoresOnlyTheTransitCiphertext()
    {
        var created = await InvokeAsync(Functions.CreateAsync(Post("""{"name": "Grace Hopper", "email": "grace@example.com"}"""), default));
        var id = Guid.Parse(created.Body!["id"]!.GetValue<string>());

        var stored = (string)(await fixture.QueryAsSuperuserAsync("SELECT email_ciphertext FROM profiles WHERE id = $1", id))!;

        Assert.StartsWith("vault:v1:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("grace", stored, StringComparison.OrdinalIgnoreCase);
        var decrypted = await fixture.Vault.SendAsync(HttpMethod.Post, "transit/decrypt/profile-email", new { ciphertext = stored });
        Assert.Equal("grace@example.com", Encoding.UTF8.GetString(Convert.FromBase64String(decrypted!["data"]!["plaintext"]!.GetValue<string>())));
    }

    [Fact]
    public async Task ListProfiles_ReturnsProfilesWithoutEmails()
    {
        var created = await InvokeAsync(Functions.CreateAsync(Post("""{"name": "Edsger Dijkstra", "email": "ewd@example.com"}"""), default));
        var id = created.Body!["id"]!.GetValue<string>();

        var list = await InvokeAsync(Functions.ListAsync(Get(), default));

        Assert.Equal(HttpStatusCode.OK, list.Status);
        var entry = list.Body!.AsArray().Single(p => p!["id"]!.GetValue<string>() == id)!.AsObject();
        Assert.Equal("Edsger Dijkstra", entry["name"]!.GetValue<string>());
        Assert.False(entry.ContainsKey("email"));
        Assert.DoesNotContain("ewd@example.com", list.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetProfile_UnknownId_Returns404()
    {
        var missing = Guid.NewGuid();

        var result = await InvokeAsync(Functions.GetAsync(Get(), missing.ToString(), default));

        Assert.Equal(HttpStatusCode.NotFound, result.Status);
        Assert.Contains(missing.ToString(), result.Body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetProfile_IdNotAUuid_Returns400()
    {
        var result = await InvokeAsync(Functions.GetAsync(Get(), "42", default));

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal(ProfileInput.BadId, result.Body!["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not json", "The body must be a JSON object")]
    [InlineData("null", "The body must be a JSON object")]
    [InlineData("""{"email": "alan@example.com"}""", "name is required")]
    [InlineData("""{"name": "  ", "email": "alan@example.com"}""", "name is required")]
    [InlineData("""{"name": "Alan Turing"}""", "email is required")]
    [InlineData("""{"name": "Alan Turing", "email": "alan"}""", "email must be a plain e-mail address")]
    [InlineData("""{"name": "Alan Turing", "email": "Alan <alan@example.com>"}""", "email must be a plain e-mail address")]
    public async Task CreateProfile_BadInput_Returns400AndStoresNothing(string body, string message)
    {
        var before = (long)(await fixture.QueryAsSuperuserAsync("SELECT count(*) FROM profiles"))!;

        var result = await InvokeAsync(Functions.CreateAsync(Post(body), default));

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.StartsWith(message, result.Body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, (long)(await fixture.QueryAsSuperuserAsync("SELECT count(*) FROM profiles"))!);
    }

    [Fact]
    public async Task DataSource_LogsInAsAVaultIssuedDynamicUser()
    {
        var dataSource = fixture.Services.GetRequiredService<VaultNpgsqlDataSource>();

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT current_user", connection);
        var user = (string)(await command.ExecuteScalarAsync())!;

        // The server's default username template: v-<display name, 8>-<role, 8>-<random 20>-<unix time>.
        Assert.StartsWith("v-approle-profile-", user, StringComparison.Ordinal);
        using var leases = new HttpRequestMessage(new HttpMethod("LIST"), "/v1/sys/leases/lookup/database/creds/profile-api/");
        using var response = await fixture.Vault.Http.SendAsync(leases);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Add_WithoutConnectionString_FailsWithTheSettingToSet()
    {
        var settings = fixture.Settings.Where(s => s.Key != "ProfileApi__ConnectionString").ToDictionary();

        var error = Assert.Throws<InvalidOperationException>(() => ProfileApiFixture.BuildServices(settings));

        Assert.Contains("ProfileApi__ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetupScript_RunAgain_KeepsTheRoleIdAndIssuesAnotherWorkingSecretId()
    {
        var again = await fixture.RunSetupAsync();

        Assert.Equal(fixture.Settings["Vault__Auth__RoleId"], again["Vault__Auth__RoleId"]);
        Assert.NotEqual(fixture.Settings["Vault__Auth__SecretId"], again["Vault__Auth__SecretId"]);
        await using var services = ProfileApiFixture.BuildServices(again);
        var list = await InvokeAsync(ActivatorUtilities.CreateInstance<ProfileFunctions>(services).ListAsync(Get(), default));
        Assert.Equal(HttpStatusCode.OK, list.Status);
    }

    [Fact]
    public async Task AppRole_WithAnotherSecretId_IsRefusedAtLogin()
    {
        var settings = new Dictionary<string, string>(fixture.Settings) { ["Vault__Auth__SecretId"] = Guid.NewGuid().ToString() };
        await using var services = ProfileApiFixture.BuildServices(settings);
        var functions = ActivatorUtilities.CreateInstance<ProfileFunctions>(services);

        await Assert.ThrowsAsync<VaultApiException>(() => functions.ListAsync(Get(), default));
    }

    [Fact]
    public async Task AppRoleToken_OutsideItsPolicy_IsDenied()
    {
        var client = fixture.Services.GetRequiredService<VaultClient>();
        await fixture.Vault.SendAsync(HttpMethod.Post, "transit/keys/other", new { type = "aes256-gcm96" });

        var error = await Assert.ThrowsAsync<VaultApiException>(() => client.Transit().EncryptAsync("other", "x"u8.ToArray()));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    private static HttpRequest Get() => new DefaultHttpContext().Request;

    private static HttpRequest Post(string body)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = "POST";
        request.ContentType = "application/json";
        request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return request;
    }

    /// <summary>Writes the function's result to a response as the worker would and reads it back.</summary>
    private async Task<FunctionResponse> InvokeAsync(Task<IResult> function)
    {
        var result = await function;
        var context = new DefaultHttpContext { RequestServices = fixture.Services };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        var text = Encoding.UTF8.GetString(body.ToArray());
        return new FunctionResponse(
            (HttpStatusCode)context.Response.StatusCode, text, text.Length == 0 ? null : JsonNode.Parse(text), context.Response.Headers.Location.ToString());
    }

    private sealed record FunctionResponse(HttpStatusCode Status, string Text, JsonNode? Body, string Location);
}
