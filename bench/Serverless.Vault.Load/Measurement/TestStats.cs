namespace Serverless.Vault.Load.Measurement;

/// <summary>One test's outcomes during a run: a latency histogram over every attempt, failures counted apart, the first error kept.</summary>
internal sealed class TestStats
{
    private readonly Lock _gate = new();
    private readonly LatencyHistogram _histogram = new();
    private long _failures;
    private long _busyNanos;

    public TestStats(string name) => Name = name;

    public string Name { get; }

    /// <summary>The first failure's message (status and Vault's error text, never a token).</summary>
    public string? FirstError { get; private set; }

    public void Record(long latencyNanos, long serviceNanos, string? error)
    {
        lock (_gate)
        {
            _histogram.Record(latencyNanos);
            _busyNanos += serviceNanos;
            if (error is not null)
            {
                _failures++;
                FirstError ??= error;
            }
        }
    }

    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _histogram.Count;
            }
        }
    }

    public TestResult Snapshot(TimeSpan elapsed, int workers)
    {
        lock (_gate)
        {
            var count = _histogram.Count;
            return new TestResult
            {
                Name = Name,
                Count = count,
                Failures = _failures,
                SuccessRatio = count == 0 ? 0 : (double)(count - _failures) / count,
                Rate = elapsed.TotalSeconds <= 0 ? 0 : count / elapsed.TotalSeconds,
                EffectiveRate = _busyNanos == 0 ? 0 : count * workers / (_busyNanos / 1e9),
                MeanMs = _histogram.MeanNanos / 1e6,
                P50Ms = _histogram.PercentileNanos(50) / 1e6,
                P95Ms = _histogram.PercentileNanos(95) / 1e6,
                P99Ms = _histogram.PercentileNanos(99) / 1e6,
                MaxMs = _histogram.MaxNanos / 1e6,
                FirstError = FirstError,
            };
        }
    }
}
