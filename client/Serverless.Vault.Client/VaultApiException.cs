using System.Net;

namespace Serverless.Vault.Client;

/// <summary>The vault answered with an error status; <see cref="Errors"/> holds its <c>errors</c> array.</summary>
public sealed class VaultApiException : Exception
{
    public VaultApiException(HttpStatusCode statusCode, string method, string path, IReadOnlyList<string> errors)
        : base($"{method} {path}: {(int)statusCode} {statusCode}" + (errors.Count == 0 ? string.Empty : ": " + string.Join("; ", errors)))
    {
        StatusCode = statusCode;
        Path = path;
        Errors = errors;
    }

    public VaultApiException()
        : this(HttpStatusCode.InternalServerError, "?", "?", [])
    {
    }

    public VaultApiException(string message)
        : base(message)
    {
        Errors = [];
        Path = string.Empty;
    }

    public VaultApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
        Path = string.Empty;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The API path (after <c>/v1/</c>) of the failed request.</summary>
    public string Path { get; }

    public IReadOnlyList<string> Errors { get; }
}
