using System.Diagnostics;
using System.Globalization;

namespace SupplyGraph.Bench;

/// <summary>Per-query timings of one benchmark row: medians and p90, in milliseconds.</summary>
public sealed class Stats(string name)
{
    private readonly List<double> _ms = [];

    public string Name { get; } = name;

    public int Count => _ms.Count;

    public double Median => Percentile(0.5);

    public double P90 => Percentile(0.9);

    public double Max => _ms.Count == 0 ? 0 : _ms.Max();

    public void Add(double ms) => _ms.Add(ms);

    public T Time<T>(Func<T> run)
    {
        var start = Stopwatch.GetTimestamp();
        var result = run();
        Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return result;
    }

    /// <summary>Same convention as bench_nx.py: sorted[int(p × (n − 1))].</summary>
    private double Percentile(double p)
    {
        if (_ms.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _ms.Order().ToArray();
        return p == 0.5 && sorted.Length % 2 == 0
            ? (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2
            : sorted[(int)(p * (sorted.Length - 1))];
    }

    public static string Ms(double ms) => ms switch
    {
        double.NaN => "—",
        < 0.01 => (ms * 1000).ToString("0.0", CultureInfo.InvariantCulture) + " µs",
        < 1 => (ms * 1000).ToString("0", CultureInfo.InvariantCulture) + " µs",
        < 100 => ms.ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        < 10_000 => ms.ToString("0", CultureInfo.InvariantCulture) + " ms",
        _ => (ms / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " s",
    };
}
