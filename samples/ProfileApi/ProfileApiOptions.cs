namespace ProfileApi;

/// <summary>The sample's own settings, bound from the <c>ProfileApi</c> section (<c>ProfileApi__ConnectionString</c>...).</summary>
public sealed class ProfileApiOptions
{
    public const string SectionName = "ProfileApi";

    /// <summary>The PostgreSQL server and database, with no user or password: those come from the vault.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The database secrets engine's mount.</summary>
    public string DatabaseMount { get; set; } = "database";

    /// <summary>The database engine's role whose dynamic credentials the app logs in with.</summary>
    public string DatabaseRole { get; set; } = "profile-api";

    /// <summary>The transit engine's mount.</summary>
    public string TransitMount { get; set; } = "transit";

    /// <summary>The transit key that encrypts e-mail addresses.</summary>
    public string EmailKey { get; set; } = "profile-email";
}
