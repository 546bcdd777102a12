using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Bench.Measurement;
using Serverless.Vault.Core.Engines.Transit;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Bench.Transit;

/// <summary>Issue 5's three transit ratios, each subject measured against its baseline in the same rounds of one run.</summary>
internal static class TransitBenchmarks
{
    private const string HttpEncrypt = "http  POST transit/encrypt/bench (1 KiB)";
    private const string HttpEncryptSkipped = "http  POST transit/encrypt/bench (1 KiB), cryptography skipped (baseline)";
    private const string HttpKeyRead = "http  GET transit/keys/bench";
    private const string HttpBatch = "http  POST transit/encrypt/bench batch_input x100, 1 KiB items (per item)";
    private const string HttpSingle = "http  POST transit/encrypt/bench single, 1 KiB (per item)";
    private const string CoreEncrypt = "core  RequestHandler encrypt (1 KiB)";
    private const string CoreKeyRead = "core  RequestHandler read keys/bench (pipeline floor)";
    private const string CoreSmallEncrypt = "core  RequestHandler encrypt (16 B, diagnostic)";
    private const string CoreEscapedEncrypt = "core  RequestHandler encrypt (1 KiB, '+' escaped, diagnostic)";
    private const string CoreHash = "core  RequestHandler POST hash/sha2-256 (1 KiB, diagnostic)";
    private const string RawReused = "raw   AesGcm 1 KiB, one instance";
    private const string RawNew = "raw   AesGcm 1 KiB, new instance per call";
    private const string CoreBatch = "core  RequestHandler batch_input x100 (per item, diagnostic)";
    private const string EchoBatch = "http  echo host, the batch's request and answer (per item, no vault)";
    private const string EchoSingle = "http  echo host, a single encrypt's request and answer (no vault)";
    private const string HttpSmallBatch = "http  POST transit/encrypt/bench batch_input x100, 16 B items (per item)";
    private const string HttpSmallSingle = "http  POST transit/encrypt/bench single, 16 B (per item)";
    private const string MinimalBatch = "http  minimal host, batch_input x100 (per item, no vault)";
    private const string MinimalSingle = "http  minimal host, single encrypt (no vault)";
    private const string RawBatchFloor = "raw   AesGcm 1 KiB, one instance (batch floor)";
    private const string RawBufferedNonce = "raw   AesGcm 1 KiB, one instance, nonce from a buffer";
    private const string RawBufferedNonce2 = "raw   AesGcm 1 KiB, one instance, nonce from a buffer (row 2)";

    public static async Task<int> RunAsync(BenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        WriteHeader(options, output);
        var payloads = new Payloads();
        await using var http = await HttpVault.StartAsync(cancellationToken).ConfigureAwait(false);
        await http.SetUpAsync(cancellationToken).ConfigureAwait(false);
        await using var skipped = await HttpVault.StartAsync(cancellationToken, services => services.AddSingleton<ITransitAeadFactory>(new SkippedCrypto())).ConfigureAwait(false);
        await skipped.SetUpAsync(cancellationToken).ConfigureAwait(false);
        using var core = await InProcessVault.StartAsync(cancellationToken).ConfigureAwait(false);
        await core.SetUpAsync(cancellationToken).ConfigureAwait(false);
        using var raw = new RawAesGcm(payloads.Plaintext);
        await CheckAsync(http, core, payloads, cancellationToken).ConfigureAwait(false);
        await CheckSkippedAsync(http, skipped, payloads, cancellationToken).ConfigureAwait(false);
        await using var echo = await EchoHost.StartAsync(
            await http.AnswerBytesAsync(HttpMethod.Post, BenchKey.EncryptPath, payloads.EncryptBody, cancellationToken).ConfigureAwait(false),
            await http.AnswerBytesAsync(HttpMethod.Post, BenchKey.EncryptPath, payloads.BatchBody, cancellationToken).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        await using var minimal = await MinimalTransitHost.StartAsync(cancellationToken).ConfigureAwait(false);
        await CheckMinimalAsync(http, minimal, payloads, cancellationToken).ConfigureAwait(false);

        var workers = options.HttpWorkers;
        Side encrypt = new(HttpEncrypt, ct => http.CallAsync(HttpMethod.Post, BenchKey.EncryptPath, payloads.EncryptBody, ct), 1, workers);
        var comparisons = new[]
        {
            new Comparison(
                "1. HTTP encrypt vs the same endpoint with the cryptography skipped",
                [
                    encrypt,
                    new(HttpEncryptSkipped, ct => skipped.CallAsync(HttpMethod.Post, BenchKey.EncryptPath, payloads.EncryptBody, ct), 1, workers),
                    new(HttpKeyRead, ct => http.CallAsync(HttpMethod.Get, BenchKey.KeyPath, null, ct), 1, workers),
                ],
                [
                    Ratio.Of("1. http encrypt / encrypt with crypto skipped, throughput", RatioKind.Throughput, 0.8, HttpEncrypt, HttpEncryptSkipped),
                    Ratio.Of("1a http encrypt / GET keys/bench, throughput", RatioKind.Throughput, null, HttpEncrypt, HttpKeyRead),
                ]),
            new Comparison(
                "2. In-process encrypt vs raw AesGcm (one thread)",
                [
                    new(CoreEncrypt, async ct => await core.SendAsync(Operation.Update, BenchKey.EncryptPath, payloads.EncryptBody, ct).ConfigureAwait(false), 1, 1),
                    new(CoreKeyRead, async ct => await core.SendAsync(Operation.Read, BenchKey.KeyPath, null, ct).ConfigureAwait(false), 1, 1),
                    new(CoreSmallEncrypt, async ct => await core.SendAsync(Operation.Update, BenchKey.EncryptPath, payloads.SmallEncryptBody, ct).ConfigureAwait(false), 1, 1),
                    new(CoreEscapedEncrypt, async ct => await core.SendAsync(Operation.Update, BenchKey.EncryptPath, payloads.EscapedEncryptBody, ct).ConfigureAwait(false), 1, 1),
                    new(CoreHash, async ct => await core.SendAsync(Operation.Update, BenchKey.HashPath, payloads.HashBody, ct).ConfigureAwait(false), 1, 1),
                    new(RawReused, raw.EncryptReusedAsync, 1, 1),
                    new(RawNew, raw.EncryptNewInstanceAsync, 1, 1),
                    new(RawBufferedNonce2, raw.EncryptReusedBufferedNonceAsync, 1, 1),
                ],
                [
                    Ratio.Of("2. core encrypt / raw AesGcm (one instance), time", RatioKind.Time, 3, CoreEncrypt, RawReused),
                    Ratio.Of("2a core encrypt / raw AesGcm (new instance), time", RatioKind.Time, null, CoreEncrypt, RawNew),
                    Ratio.Of("2b core read keys/bench / raw AesGcm (one instance), time", RatioKind.Time, null, CoreKeyRead, RawReused),
                    new("2c (core encrypt - core read) / raw AesGcm (one instance)", RatioKind.Time, null, CipherStepEstimate),
                    Ratio.Of("2d core encrypt, '+' escaped / raw AesGcm (one instance), time", RatioKind.Time, null, CoreEscapedEncrypt, RawReused),
                    Ratio.Of("2e core encrypt / raw AesGcm, nonce from a buffer, time", RatioKind.Time, null, CoreEncrypt, RawBufferedNonce2),
                ]),
            new Comparison(
                "3. HTTP batch of 100 vs 100 single calls (per-item rate), 16 B and 1 KiB items",
                [
                    new(HttpBatch, ct => http.CallAsync(HttpMethod.Post, BenchKey.EncryptPath, payloads.BatchBody, ct), Payloads.BatchSize, workers),
                    encrypt with { Name = HttpSingle },
                    new(CoreBatch, async ct => await core.SendAsync(Operation.Update, BenchKey.EncryptPath, payloads.BatchBody, ct).ConfigureAwait(false), Payloads.BatchSize, 1),
                    new(RawBatchFloor, raw.EncryptReusedAsync, 1, 1),
                    new(RawBufferedNonce, raw.EncryptReusedBufferedNonceAsync, 1, 1),
                    new(EchoBatch, ct => echo.CallAsync("/batch", payloads.BatchBody, ct), Payloads.BatchSize, workers),
                    new(EchoSingle, ct => echo.CallAsync("/single", payloads.EncryptBody, ct), 1, workers),
                    new(MinimalBatch, ct => minimal.CallAsync(payloads.BatchBody, ct), Payloads.BatchSize, workers),
                    new(MinimalSingle, ct => minimal.CallAsync(payloads.EncryptBody, ct), 1, workers),
                    new(HttpSmallBatch, ct => http.CallAsync(HttpMethod.Post, BenchKey.EncryptPath, payloads.SmallBatchBody, ct), Payloads.BatchSize, workers),
                    new(HttpSmallSingle, ct => http.CallAsync(HttpMethod.Post, BenchKey.EncryptPath, payloads.SmallEncryptBody, ct), 1, workers),
                ],
                [
                    Ratio.Of("3. http batch x100 / single, 16 B items, item throughput", RatioKind.Throughput, 20, HttpSmallBatch, HttpSmallSingle),
                    Ratio.Of("3k http batch x100 / single, 1 KiB items, item throughput", RatioKind.Throughput, null, HttpBatch, HttpSingle),
                    Ratio.Of("3a core batch x100 per item / raw AesGcm (one instance), time", RatioKind.Time, null, CoreBatch, RawBatchFloor),
                    Ratio.Of("3b echo host: batch-sized / single-sized exchange, item rate", RatioKind.Throughput, null, EchoBatch, EchoSingle),
                    new("3c 3k's ceiling: http single / (echo batch + raw AesGcm)", RatioKind.Throughput, null, rates => Row3kCeiling(rates, workers)),
                    Ratio.Of("3d 3k's bound: minimal host batch / http single, item rate", RatioKind.Throughput, null, MinimalBatch, HttpSingle),
                    Ratio.Of("3e minimal host: batch / single, item rate", RatioKind.Throughput, null, MinimalBatch, MinimalSingle),
                    Ratio.Of("3f http batch / minimal host batch, item rate", RatioKind.Throughput, null, HttpBatch, MinimalBatch),
                ]),
        };

        var results = new List<ComparisonResult>();
        foreach (var comparison in comparisons)
        {
            results.Add(await ComparisonRunner.RunAsync(comparison, options, output, cancellationToken).ConfigureAwait(false));
        }

        ReportTable.Write(output, results);
        return 0;
    }

    /// <summary>
    /// The engine's cipher step is internal (TransitCipher) and the bench has no InternalsVisibleTo, so its cost is
    /// estimated as encrypt minus the nearest no-crypto request through the same handler, over raw AesGcm.
    /// </summary>
    private static double CipherStepEstimate(IReadOnlyDictionary<string, double> rates) =>
        (1 / rates[CoreEncrypt] - 1 / rates[CoreKeyRead]) / (1 / rates[RawReused]);

    /// <summary>
    /// The most row 3k (1 KiB items) could show against the single calls measured in the round if the vault did nothing per batch
    /// item but one AES-GCM seal (its nonce from a buffer, as the engine's): each item still costs its share of moving
    /// the batch over HTTP (the echo host) plus the seal, which runs on as many cores as there are workers to keep
    /// busy (the raw seal was timed on one thread). No JSON, base64 or result is charged: a ceiling, not an estimate.
    /// </summary>
    private static double Row3kCeiling(IReadOnlyDictionary<string, double> rates, int workers) =>
        (1 / rates[HttpSingle]) / ((1 / rates[EchoBatch]) + (1 / rates[RawBufferedNonce] / Math.Min(workers, Environment.ProcessorCount)));

    /// <summary>Every hot loop is checked once to do what its name says before it is timed.</summary>
    private static async Task CheckAsync(HttpVault http, InProcessVault core, Payloads payloads, CancellationToken cancellationToken)
    {
        var single = await http.SendAsync(HttpMethod.Post, BenchKey.EncryptPath, payloads.EncryptBody, cancellationToken).ConfigureAwait(false);
        Require(single?["data"]?["ciphertext"]?.GetValue<string>().StartsWith("vault:v1:", StringComparison.Ordinal) == true, "http encrypt returned no vault:v1 ciphertext");
        var batch = await http.SendAsync(HttpMethod.Post, BenchKey.EncryptPath, payloads.BatchBody, cancellationToken).ConfigureAwait(false);
        var items = batch?["data"]?["batch_results"]?.AsArray();
        Require(items?.Count == Payloads.BatchSize && items.All(i => i?["ciphertext"] is not null), "http batch did not return 100 ciphertexts");
        var smallBatch = await http.SendAsync(HttpMethod.Post, BenchKey.EncryptPath, payloads.SmallBatchBody, cancellationToken).ConfigureAwait(false);
        Require(smallBatch?["data"]?["batch_results"]?.AsArray() is { Count: Payloads.BatchSize } small && small.All(i => i?["ciphertext"]?.GetValue<string>().StartsWith("vault:v1:", StringComparison.Ordinal) == true), "http batch of 16 B items did not return 100 ciphertexts");
        var key = await http.SendAsync(HttpMethod.Get, BenchKey.KeyPath, null, cancellationToken).ConfigureAwait(false);
        Require(key?["data"]?["name"]?.GetValue<string>() == BenchKey.Name, "http key read did not return the key");
        var coreEncrypt = await core.SendAsync(Operation.Update, BenchKey.EncryptPath, payloads.EncryptBody, cancellationToken).ConfigureAwait(false);
        Require(coreEncrypt?.Data?["ciphertext"]?.GetValue<string>().StartsWith("vault:v1:", StringComparison.Ordinal) == true, "core encrypt returned no vault:v1 ciphertext");
        var coreKey = await core.SendAsync(Operation.Read, BenchKey.KeyPath, null, cancellationToken).ConfigureAwait(false);
        Require(coreKey?.Data?["name"]?.GetValue<string>() == BenchKey.Name, "core key read did not return the key");
        var coreBatch = await core.SendAsync(Operation.Update, BenchKey.EncryptPath, payloads.BatchBody, cancellationToken).ConfigureAwait(false);
        Require(coreBatch?.Data?["batch_results"]?.AsArray() is { Count: Payloads.BatchSize } results && results.All(i => i?["ciphertext"] is not null), "core batch did not return 100 ciphertexts");
        var coreHash = await core.SendAsync(Operation.Update, BenchKey.HashPath, payloads.HashBody, cancellationToken).ConfigureAwait(false);
        Require(coreHash?.Data?["sum"] is not null, "core hash returned no sum");
    }

    /// <summary>
    /// Row 1's baseline host skips the cipher and only the cipher: its ciphertext holds the plaintext as it is, where
    /// the real host's holds no run of it, and both are the vault's format.
    /// </summary>
    private static async Task CheckSkippedAsync(HttpVault http, HttpVault skipped, Payloads payloads, CancellationToken cancellationToken)
    {
        static byte[] Sealed(JsonObject? answer) =>
            Convert.FromBase64String(answer?["data"]?["ciphertext"]?.GetValue<string>() is { } text && text.StartsWith("vault:v1:", StringComparison.Ordinal)
                ? text["vault:v1:".Length..]
                : throw new InvalidOperationException("benchmark self-check failed: no vault:v1 ciphertext"));

        var real = Sealed(await http.SendAsync(HttpMethod.Post, BenchKey.EncryptPath, payloads.EncryptBody, cancellationToken).ConfigureAwait(false));
        var copy = Sealed(await skipped.SendAsync(HttpMethod.Post, BenchKey.EncryptPath, payloads.EncryptBody, cancellationToken).ConfigureAwait(false));
        Require(copy.Length == real.Length, "the skipped host's ciphertext is not the real one's length");
        Require(copy.AsSpan(12, payloads.Plaintext.Length).SequenceEqual(payloads.Plaintext), "the skipped host still encrypts");
        Require(real.AsSpan().IndexOf(payloads.Plaintext.AsSpan(0, 16)) < 0, "the real host's ciphertext holds the plaintext");
    }

    /// <summary>
    /// The minimal host answers a batch as the vault does: as many ciphertexts, in the vault's format, that open with its
    /// key to the plaintexts sent, in an answer within 1 % of the vault's length (the same bytes to move).
    /// </summary>
    private static async Task CheckMinimalAsync(HttpVault http, MinimalTransitHost minimal, Payloads payloads, CancellationToken cancellationToken)
    {
        var vaultAnswer = await http.AnswerBytesAsync(HttpMethod.Post, BenchKey.EncryptPath, payloads.BatchBody, cancellationToken).ConfigureAwait(false);
        var answer = await minimal.AnswerAsync(payloads.BatchBody, cancellationToken).ConfigureAwait(false);
        Require(Math.Abs(answer.Length - vaultAnswer.Length) <= vaultAnswer.Length / 100, $"the minimal host's batch answer is {answer.Length} bytes, the vault's {vaultAnswer.Length}");
        var results = JsonNode.Parse(answer)?["data"]?["batch_results"]?.AsArray();
        var inputs = JsonNode.Parse(payloads.BatchBody)?["batch_input"]?.AsArray();
        Require(results?.Count == Payloads.BatchSize && inputs?.Count == Payloads.BatchSize, "the minimal host did not return 100 results");
        using var gcm = new System.Security.Cryptography.AesGcm(MinimalTransitHost.Key, 16);
        for (var i = 0; i < Payloads.BatchSize; i++)
        {
            var text = results![i]?["ciphertext"]?.GetValue<string>() ?? "";
            Require(text.StartsWith("vault:v1:", StringComparison.Ordinal), "the minimal host wrote no vault:v1 ciphertext");
            var bytes = Convert.FromBase64String(text["vault:v1:".Length..]);
            var opened = new byte[bytes.Length - 28];
            gcm.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(12, opened.Length), bytes.AsSpan(12 + opened.Length), opened);
            Require(opened.AsSpan().SequenceEqual(Convert.FromBase64String(inputs![i]!["plaintext"]!.GetValue<string>())), "a minimal host ciphertext does not open to its plaintext");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("benchmark self-check failed: " + message);
        }
    }

    private static void WriteHeader(BenchOptions options, TextWriter output)
    {
        output.WriteLine($"Serverless Vault transit benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}");
        output.WriteLine($"settings: {options.Rounds} rounds x {options.SideDuration.TotalSeconds:0.#} s per side, {options.WarmUp.TotalSeconds:0.#} s warm-up, {options.HttpWorkers} HTTP workers; host and client share this process and its cores");
        output.WriteLine();
    }
}
