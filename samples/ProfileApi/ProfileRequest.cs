namespace ProfileApi;

/// <summary>The body of <c>POST /api/profiles</c> as sent, before any check.</summary>
public sealed record ProfileRequest(string? Name, string? Email);
