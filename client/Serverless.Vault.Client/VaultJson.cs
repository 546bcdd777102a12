using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Vault.Client;

internal static class VaultJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 64,

        // Bodies go to an API, never into HTML: write base64's '+' as it is, as Go's and Python's clients do, not as
        // \u002B (six bytes for one, and the server's JSON reader takes its slow path for escaped strings).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
