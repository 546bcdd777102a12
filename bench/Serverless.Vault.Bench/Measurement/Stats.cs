namespace Serverless.Vault.Bench.Measurement;

/// <summary>Median, min and max of a few values: the median because one noisy round on a shared machine must not decide.</summary>
internal sealed record Stats(double Median, double Min, double Max)
{
    public static Stats Of(IReadOnlyCollection<double> values)
    {
        ArgumentOutOfRangeException.ThrowIfZero(values.Count);
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Stats(median, sorted[0], sorted[^1]);
    }
}
