using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>RFC 7396 JSON merge patch: objects merge recursively, null removes a key, anything else replaces.</summary>
internal static class JsonMergePatch
{
    public static JsonObject Apply(JsonObject target, JsonObject patch)
    {
        var result = (JsonObject)target.DeepClone();
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonObject nested)
            {
                result[key] = Apply(result[key] as JsonObject ?? [], nested);
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }

        return result;
    }
}
