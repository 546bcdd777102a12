using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ProfileApi;

/// <summary>The HTTP API: each function checks its input and hands the work to the <see cref="ProfileStore"/>.</summary>
public sealed class ProfileFunctions(ProfileStore store)
{
    [Function("GetProfile")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "profiles/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (!ProfileInput.TryParseId(id, out var profileId))
        {
            return BadRequest(ProfileInput.BadId);
        }

        var profile = await store.FindAsync(profileId, cancellationToken).ConfigureAwait(false);
        return profile is null ? TypedResults.Problem($"There is no profile {profileId}.", statusCode: StatusCodes.Status404NotFound) : TypedResults.Ok(profile);
    }

    [Function("CreateProfile")]
    public async Task<IResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "profiles")] HttpRequest request, CancellationToken cancellationToken)
    {
        var (profile, error) = await ProfileInput.ReadNewAsync(request, cancellationToken).ConfigureAwait(false);
        if (profile is null)
        {
            return BadRequest(error!);
        }

        var created = await store.CreateAsync(profile, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/profiles/{created.Id}", created);
    }

    [Function("ListProfiles")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "profiles")] HttpRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken).ConfigureAwait(false));

    private static IResult BadRequest(string message) => TypedResults.Problem(message, statusCode: StatusCodes.Status400BadRequest);
}
