namespace ProfileApi;

/// <summary>A profile with its e-mail address decrypted.</summary>
public sealed record Profile(Guid Id, string Name, string Email, DateTimeOffset CreatedAt);
