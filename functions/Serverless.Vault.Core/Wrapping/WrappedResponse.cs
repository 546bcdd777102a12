namespace Serverless.Vault.Core.Wrapping;

/// <summary>What a live wrapping token holds: the original response as its JSON envelope, and what lookup reports.</summary>
/// <param name="Envelope">The original response exactly as it would have gone to the client (Vault's HTTP envelope).</param>
/// <param name="CreationPath">The request path that produced the response (kept across rewraps).</param>
/// <param name="CreationTime">When the wrapping token was made, RFC 3339 with nanoseconds as Vault writes it.</param>
/// <param name="CreationTtl">The wrapping TTL in seconds (kept across rewraps).</param>
internal sealed record WrappedResponse(string Envelope, string CreationPath, string CreationTime, long CreationTtl);
