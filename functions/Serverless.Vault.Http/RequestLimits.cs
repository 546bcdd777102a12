namespace Serverless.Vault.Http;

/// <summary>Bounds on what one request may make the server parse and hold.</summary>
public sealed record RequestLimits
{
    /// <summary>1 MiB by default: the largest secret the storage can hold is 900 KiB, so more is never useful.</summary>
    public long MaxRequestBytes { get; init; } = 1024 * 1024;

    /// <summary>How deeply JSON may nest (System.Text.Json's own default).</summary>
    public int MaxJsonDepth { get; init; } = 64;

    /// <summary>How many strings (values and property names) one JSON body may hold.</summary>
    public int MaxJsonStrings { get; init; } = 10_000;
}
