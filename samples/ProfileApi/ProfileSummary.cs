namespace ProfileApi;

/// <summary>A profile as listed: no e-mail address, so listing needs no decryption.</summary>
public sealed record ProfileSummary(Guid Id, string Name, DateTimeOffset CreatedAt);
