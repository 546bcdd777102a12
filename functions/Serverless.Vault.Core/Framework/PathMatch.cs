namespace Serverless.Vault.Core.Framework;

/// <summary>A path spec that matched a request path, with the values its template captured.</summary>
public sealed record PathMatch(PathSpec Spec, IReadOnlyDictionary<string, string> RouteValues);
