using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>Fields that several transit paths share, declared once with Vault's wire names.</summary>
internal static class TransitFields
{
    public static readonly Field<string> Name = Fields.String("name", "Name of the key.").AsRequired();
    public static readonly Field<string> Context = Fields.String("context", "Base64 context for key derivation; required for derived keys.");
    public static readonly Field<string> Nonce = Fields.String("nonce", "Base64 nonce; Vault refuses caller nonces for encryption (CVE-2023-4680).");
    public static readonly Field<string> AssociatedData = Fields.String("associated_data", "Base64 data authenticated with the ciphertext but not encrypted.");
    public static readonly Field<long> KeyVersion = Fields.Int("key_version", "The key version to use; 0 for the latest.");
    public static readonly Field<string> Reference = Fields.String("reference", "Echoed back in the batch result, to match results to inputs.");
    public static readonly Field<long> PartialFailureResponseCode = Fields.Int("partial_failure_response_code", "HTTP status for a batch in which some items failed and some succeeded.");

    /// <summary>batch_input: an array of objects, each with the same fields as a single request.</summary>
    public static readonly Field<JsonArray?> BatchInput = new("batch_input", "A list of items to process in one request; results keep the input order.", "array", node => node as JsonArray ?? throw new FormatException(), null);

    /// <summary>Everything a batch-capable path takes besides its own fields.</summary>
    public static readonly Field[] Batch = [BatchInput, Reference, PartialFailureResponseCode];
}
