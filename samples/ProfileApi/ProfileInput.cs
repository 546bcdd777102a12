using System.Net.Mail;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ProfileApi;

/// <summary>Checks what callers send; each refusal is a message that says what a valid request looks like.</summary>
public static class ProfileInput
{
    public const int MaxNameLength = 200;

    /// <summary>RFC 5321's limit on a forward path.</summary>
    public const int MaxEmailLength = 254;

    public const string BadId = "The profile id must be a UUID, as returned by POST /api/profiles.";

    public const string BadBody = "The body must be a JSON object such as {\"name\": \"Ada Lovelace\", \"email\": \"ada@example.com\"}.";

    public static bool TryParseId(string? id, out Guid value) => Guid.TryParse(id, out value);

    /// <summary>The new profile from the request's JSON body, or the reason it is refused.</summary>
    public static async Task<(NewProfile? Profile, string? Error)> ReadNewAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ProfileRequest? body;
        try
        {
            // Read whatever the content type says: curl -d sends form encoding by default.
            body = await JsonSerializer.DeserializeAsync<ProfileRequest>(request.Body, JsonSerializerOptions.Web, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return (null, BadBody);
        }

        if (body is null)
        {
            return (null, BadBody);
        }

        var error = Check(body);
        return error is null ? (new NewProfile(body.Name!.Trim(), body.Email!.Trim()), null) : (null, error);
    }

    private static string? Check(ProfileRequest body)
    {
        if (string.IsNullOrWhiteSpace(body.Name))
        {
            return "name is required. " + BadBody;
        }

        if (body.Name.Trim().Length > MaxNameLength)
        {
            return $"name must be at most {MaxNameLength} characters.";
        }

        if (string.IsNullOrWhiteSpace(body.Email))
        {
            return "email is required. " + BadBody;
        }

        return IsEmailAddress(body.Email.Trim())
            ? null
            : $"email must be a plain e-mail address such as ada@example.com, at most {MaxEmailLength} characters.";
    }

    private static bool IsEmailAddress(string email) =>
        email.Length <= MaxEmailLength && MailAddress.TryCreate(email, out var address) && address.Address == email;
}
