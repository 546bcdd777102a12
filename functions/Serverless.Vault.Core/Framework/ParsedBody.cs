using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Framework;

/// <summary>A request body's parsed document (<paramref name="Root"/>, an object) and the nodes made from it.</summary>
/// <param name="Data">The object made from <paramref name="Root"/>, which the request carries as its data.</param>
/// <param name="Root">The document's root; valid for as long as the request.</param>
public sealed record ParsedBody(JsonObject Data, JsonElement Root);
