using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// Vault's batch semantics for encrypt, decrypt, rewrap, hmac and verify: items run independently, each failure is
/// recorded in its own result with its reference, and a batch with any failure is answered 400 with the full envelope
/// (<c>batch_results</c>, no <c>errors</c>), unless partial_failure_response_code applies.
/// </summary>
internal sealed class BatchRequest
{
    private BatchRequest(IReadOnlyList<BatchItem> items, bool isBatch)
    {
        Items = items;
        IsBatch = isBatch;
    }

    public IReadOnlyList<BatchItem> Items { get; }

    public bool IsBatch { get; }

    /// <summary>The batch_input items, or the single item <paramref name="single"/> builds from the top-level fields.</summary>
    public static BatchRequest Read(RequestContext context, Func<BatchItem> single)
    {
        ArgumentNullException.ThrowIfNull(single);
        return Batch(context) ?? new BatchRequest([single()], isBatch: false);
    }

    /// <summary>
    /// The batch_input items, or null when the request has none; an empty batch is refused, as Vault refuses it. Read
    /// from the body's document when the request carries one: nodes per item cost more than the seal of a 1 KiB item.
    /// </summary>
    public static BatchRequest? Batch(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.TryGetBody(out var root) && root.TryGetProperty(TransitFields.BatchInput.Name, out var input) && input.ValueKind == JsonValueKind.Array)
        {
            return Of(input);
        }

        return context.Get(TransitFields.BatchInput) is { } array ? Of(array.Count, array.Select(Element)) : null;
    }

    private static BatchRequest Of(JsonElement array) => Of(array.GetArrayLength(), array.EnumerateArray());

    private static BatchRequest Of(int count, IEnumerable<JsonElement> elements)
    {
        if (count == 0)
        {
            throw VaultException.InvalidRequest("missing batch input to process");
        }

        var items = new BatchItem[count];
        var index = 0;
        foreach (var item in elements)
        {
            items[index] = BatchItem.FromJson(item, index);
            index++;
        }

        return new BatchRequest(items, isBatch: true);
    }

    /// <summary>
    /// An item given as a node (in-process callers) as the body's document would have given it; item by item, as a copy
    /// of a whole batch would be a large object.
    /// </summary>
    private static JsonElement Element(JsonNode? node)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Utf8BatchResults.WriterOptions))
        {
            if (node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                node.WriteTo(writer);
            }
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }

    /// <summary>Vault derives (and upserts) keys per request, so context must be given in every item or in none.</summary>
    public bool ContextSet()
    {
        var set = Items[0].Context.Length != 0;
        return Items.Any(item => item.Context.Length != 0 != set)
            ? throw VaultException.InvalidRequest("context should be set either in all the request blocks or in none")
            : set;
    }

    /// <summary>Runs every item; a refused item becomes <c>{"error": ...}</c> on top of <paramref name="failureShape"/>.</summary>
    public IReadOnlyList<JsonObject> Run(Func<BatchItem, int, JsonObject> work, Func<JsonObject>? failureShape = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        var results = new JsonObject[Items.Count];
        for (var i = 0; i < Items.Count; i++)
        {
            try
            {
                results[i] = work(Items[i], i);
            }
            catch (VaultException error) when (IsItemFailure(error))
            {
                var failed = failureShape?.Invoke() ?? [];
                failed["error"] = ItemError(error);
                results[i] = failed;
            }
        }

        return results;
    }

    /// <summary>The answer: a single item's data or error, or the batch results with Vault's status rules.</summary>
    public VaultResponse Respond(RequestContext context, IReadOnlyList<JsonObject> results, IReadOnlyList<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(results);
        var allWarnings = new List<string>(warnings ?? []);
        if (!IsBatch)
        {
            var only = results[0];
            return only["error"] is { } error
                ? throw VaultException.InvalidRequest(error.GetValue<string>())
                : new VaultResponse { Data = only, Warnings = allWarnings };
        }

        var array = new JsonArray();
        for (var i = 0; i < results.Count; i++)
        {
            results[i]["reference"] = Items[i].Reference;
            array.Add(results[i]);
        }

        return Answer(context, array, results.Count(result => result.ContainsKey("error")), allWarnings);
    }

    /// <summary>
    /// The batch answer for <paramref name="results"/> (each already carrying its reference), <paramref name="failures"/>
    /// of them errors: 200 when none failed, else 400 or the partial_failure_response_code that applies.
    /// </summary>
    public static VaultResponse Answer(RequestContext context, JsonArray results, int failures, IReadOnlyList<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        return Answer(context, new VaultResponse { Data = new JsonObject { ["batch_results"] = results } }, results.Count, failures, warnings);
    }

    /// <summary>The batch answer for results written as UTF-8, with the same status rules.</summary>
    public static VaultResponse Answer(RequestContext context, Utf8BatchResults results, IReadOnlyList<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        return Answer(context, new VaultResponse { DataUtf8 = results.ToData() }, results.Count, results.Failures, warnings);
    }

    private static VaultResponse Answer(RequestContext context, VaultResponse answer, int count, int failures, IReadOnlyList<string>? warnings)
    {
        ArgumentNullException.ThrowIfNull(context);
        var allWarnings = new List<string>(warnings ?? []);
        if (failures == 0)
        {
            return answer with { Warnings = allWarnings };
        }

        var status = 400;
        if (failures < count && context.Input.Has(TransitFields.PartialFailureResponseCode))
        {
            var requested = context.Get(TransitFields.PartialFailureResponseCode);
            if (requested is >= 1 and <= 599)
            {
                status = (int)requested;
            }
            else
            {
                allWarnings.Add(string.Create(CultureInfo.InvariantCulture, $"invalid HTTP response code override from partial_failure_response_code, reverting to {status}"));
            }
        }

        return answer with { Warnings = allWarnings, StatusCode = status };
    }

    /// <summary>What fails one item and not the batch: a refusal of that item's input.</summary>
    public static bool IsItemFailure(VaultException error) => error?.Kind == VaultErrorKind.InvalidRequest;

    /// <summary>The text an item's failure puts in its result.</summary>
    public static string ItemError(VaultException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Errors.Count > 0 ? error.Errors[0] : "invalid request";
    }
}
