using System.Globalization;
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
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(single);
        return context.Get(TransitFields.BatchInput) is { } array ? Of(array) : new BatchRequest([single()], isBatch: false);
    }

    /// <summary>The items of a batch_input array; an empty one is refused, as Vault refuses it.</summary>
    public static BatchRequest Of(JsonArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        return array.Count == 0
            ? throw VaultException.InvalidRequest("missing batch input to process")
            : new BatchRequest(array.Select(BatchItem.FromJson).ToArray(), isBatch: true);
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
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(results);
        var allWarnings = new List<string>(warnings ?? []);
        var data = new JsonObject { ["batch_results"] = results };
        if (failures == 0)
        {
            return new VaultResponse { Data = data, Warnings = allWarnings };
        }

        var status = 400;
        if (failures < results.Count && context.Input.Has(TransitFields.PartialFailureResponseCode))
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

        return new VaultResponse { Data = data, Warnings = allWarnings, StatusCode = status };
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
