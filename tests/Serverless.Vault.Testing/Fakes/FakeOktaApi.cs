using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Serverless.Vault.Testing.Fakes;

/// <summary>
/// A hand-written Okta API (no real Okta can run in tests) on a free loopback port: POST /api/v1/authn, TOTP factor
/// verification at the link it hands out, and GET /api/v1/users/{id}/groups behind "SSWS &lt;api token&gt;" with
/// Link-header pagination.
/// </summary>
public sealed class FakeOktaApi : IAsyncDisposable
{
    public const string ApiToken = "fake-okta-api-token";
    public const string FactorId = "totp-factor-1";

    private readonly ConcurrentDictionary<string, FakeOktaUser> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, FakeOktaUser> _transactions = new(StringComparer.Ordinal);

    private LoopbackApp? _host;

    private FakeOktaApi()
    {
    }

    public Uri BaseUrl => _host?.Address ?? throw new InvalidOperationException("The fake has not started.");

    public int PageSize { get; set; } = 200;

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeOktaApi> StartAsync()
    {
        var app = LoopbackApp.CreateBuilder().Build();
        var fake = new FakeOktaApi();
        app.Use(async (context, next) =>
        {
            fake.Requests.Enqueue(context.Request.Method + " " + context.Request.Path + context.Request.QueryString);
            await next(context);
        });
        // HttpRequest, not HttpContext: an async (HttpContext) lambda binds as a RequestDelegate and its IResult is dropped.
        app.MapPost("/api/v1/authn", async (HttpRequest request) => fake.Authenticate(await ReadAsync(request), request.HttpContext));
        app.MapPost("/api/v1/authn/factors/{factorId}/verify", async (string factorId, HttpRequest request) => fake.Verify(factorId, await ReadAsync(request)));
        app.MapGet("/api/v1/users/{id}/groups", (string id, HttpContext context) => fake.Groups(id, context));
        fake._host = await LoopbackApp.StartAsync(app).ConfigureAwait(false);
        return fake;
    }

    public void AddUser(FakeOktaUser user) => _users[user.Login] = user;

    /// <summary>Stops the server; safe to call twice, so a test can take the API down before the fixture ends.</summary>
    public ValueTask DisposeAsync() => _host?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static async Task<JsonObject> ReadAsync(HttpRequest request) =>
        (await JsonNode.ParseAsync(request.Body))?.AsObject() ?? [];

    private static IResult Error(int status, string code, string summary) =>
        Results.Json(new { errorCode = code, errorSummary = summary, errorCauses = Array.Empty<object>() }, statusCode: status);

    private IResult Authenticate(JsonObject body, HttpContext context)
    {
        var username = body["username"]?.GetValue<string>() ?? "";
        var password = body["password"]?.GetValue<string>() ?? "";
        if (!_users.TryGetValue(username, out var user) || user.Password != password)
        {
            return Error(401, "E0000004", "Authentication failed");
        }

        var embeddedUser = new { id = user.Id, profile = new { login = user.Login } };
        if (user.TotpPasscode is null)
        {
            return Results.Json(new { status = user.Status, _embedded = new { user = embeddedUser } });
        }

        var stateToken = Guid.NewGuid().ToString("N");
        _transactions[stateToken] = user;
        var verify = $"{context.Request.Scheme}://{context.Request.Host}/api/v1/authn/factors/{FactorId}/verify";
        return Results.Json(new
        {
            status = "MFA_REQUIRED",
            stateToken,
            _embedded = new
            {
                user = embeddedUser,
                factors = new[] { new { id = FactorId, factorType = "token:software:totp", provider = "GOOGLE", _links = new { verify = new { href = verify } } } },
            },
        });
    }

    private IResult Verify(string factorId, JsonObject body)
    {
        var stateToken = body["stateToken"]?.GetValue<string>() ?? "";
        if (factorId != FactorId || !_transactions.TryRemove(stateToken, out var user))
        {
            return Error(403, "E0000011", "Invalid token provided");
        }

        return body["passCode"]?.GetValue<string>() == user.TotpPasscode
            ? Results.Json(new { status = "SUCCESS", _embedded = new { user = new { id = user.Id, profile = new { login = user.Login } } } })
            : Error(403, "E0000068", "Invalid Passcode/Answer");
    }

    private IResult Groups(string id, HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() != "SSWS " + ApiToken)
        {
            return Error(401, "E0000011", "Invalid token provided");
        }

        var user = _users.Values.FirstOrDefault(u => u.Id == id);
        if (user is null)
        {
            return Error(404, "E0000007", "Not found: Resource not found");
        }

        var skip = int.TryParse(context.Request.Query["after"], CultureInfo.InvariantCulture, out var after) ? after : 0;
        if (skip + PageSize < user.Groups.Count)
        {
            context.Response.Headers["Link"] = $"<{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}?after={skip + PageSize}&limit={PageSize}>; rel=\"next\"";
        }

        return Results.Json(user.Groups.Skip(skip).Take(PageSize).Select(g => new { id = "g-" + g, profile = new { name = g } }));
    }
}
