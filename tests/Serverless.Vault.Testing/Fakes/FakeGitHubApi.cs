using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Serverless.Vault.Testing.Fakes;

/// <summary>
/// A hand-written GitHub REST API (no real GitHub can run in tests): a Kestrel app on a free loopback port under
/// /api/v3/ like GitHub Enterprise, answering GET /user, /user/orgs, /user/teams (paginated with Link headers, like
/// GitHub) and /orgs/{org} from fixtures. Every /user call needs "Authorization: token|Bearer &lt;pat&gt;".
/// </summary>
public sealed class FakeGitHubApi : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, FakeGitHubUser> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _orgs = new(StringComparer.OrdinalIgnoreCase);

    private LoopbackApp? _host;

    private FakeGitHubApi()
    {
    }

    /// <summary>The API root to give as base_url.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Items per page (GitHub's is 100); lower it to force pagination.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>When set, every call answers this status (e.g. 502 to play an outage).</summary>
    public int? FailWith { get; set; }

    /// <summary>Every request's path and query, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeGitHubApi> StartAsync()
    {
        var app = LoopbackApp.CreateBuilder().Build();
        var fake = new FakeGitHubApi();
        app.Use(async (context, next) =>
        {
            fake.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            if (fake.FailWith is { } status)
            {
                context.Response.StatusCode = status;
                return;
            }

            await next(context);
        });
        app.MapGet("/api/v3/orgs/{org}", (string org) => fake._orgs.TryGetValue(org, out var id)
            ? Results.Json(new { login = org, id })
            : Results.Json(new { message = "Not Found" }, statusCode: 404));
        app.MapGet("/api/v3/user", (HttpContext context) => fake.WithUser(context, user => Results.Json(new { login = user.Login, id = user.Id })));
        app.MapGet("/api/v3/user/orgs", (HttpContext context) => fake.WithUser(context, user =>
            fake.Page(context, user.Orgs.Select(o => (object)new { login = o, id = fake._orgs[o] }).ToList())));
        app.MapGet("/api/v3/user/teams", (HttpContext context) => fake.WithUser(context, user =>
            fake.Page(context, user.Teams.Select(t => (object)new { name = t.Name, slug = t.Slug, organization = new { login = t.Org, id = fake._orgs[t.Org] } }).ToList())));
        fake._host = await LoopbackApp.StartAsync(app).ConfigureAwait(false);
        fake.BaseUrl = new Uri(fake._host.Address, "api/v3/");
        return fake;
    }

    public void AddOrganization(string login, long id) => _orgs[login] = id;

    /// <summary>A user known by its personal access token; its organizations must have been added.</summary>
    public void AddUser(string pat, FakeGitHubUser user) => _users[pat] = user;

    /// <summary>Stops the server; safe to call twice, so a test can take the API down before the fixture ends.</summary>
    public ValueTask DisposeAsync() => _host?.DisposeAsync() ?? ValueTask.CompletedTask;

    private IResult WithUser(HttpContext context, Func<FakeGitHubUser, IResult> answer)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var pat = header.StartsWith("token ", StringComparison.Ordinal) ? header[6..]
            : header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..]
            : null;
        return pat is not null && _users.TryGetValue(pat, out var user)
            ? answer(user)
            : Results.Json(new { message = "Bad credentials", documentation_url = "https://docs.github.com/rest" }, statusCode: 401);
    }

    private IResult Page(HttpContext context, List<object> items)
    {
        var page = int.TryParse(context.Request.Query["page"], CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        var size = Math.Min(PageSize, int.TryParse(context.Request.Query["per_page"], CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 30);
        if (page * size < items.Count)
        {
            var request = context.Request;
            context.Response.Headers["Link"] =
                $"<{request.Scheme}://{request.Host}{request.Path}?per_page={size}&page={page + 1}>; rel=\"next\", <{request.Scheme}://{request.Host}{request.Path}?per_page={size}&page=1>; rel=\"first\"";
        }

        return Results.Json(items.Skip((page - 1) * size).Take(size).ToList());
    }
}
