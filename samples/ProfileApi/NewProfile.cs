namespace ProfileApi;

/// <summary>A profile to create, already checked by <see cref="ProfileInput"/>.</summary>
public sealed record NewProfile(string Name, string Email);
