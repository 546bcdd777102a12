namespace Serverless.Vault.Load.Client;

/// <summary>A non-2xx answer: method, path, status and the start of the body (Vault's error text; tokens are never part of it).</summary>
internal sealed class VaultCallException(HttpMethod method, string path, int status, string body)
    : Exception($"{method} {path}: {status} {(body.Length > 300 ? body[..300] : body)}")
{
    public int Status { get; } = status;
}
