using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Vault.Client;

internal static class VaultJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 64,
    };
}
