namespace DownloadModels.Bench.Measuring;

/// <summary>
/// A tool's runs on one scenario, reduced to the numbers the table prints: medians of wall and CPU time
/// over the successful runs, and the highest peak RSS of any run (the bound the RSS target is about).
/// </summary>
internal sealed class ToolSummary(string name, bool isProduct, long bytes, IReadOnlyList<Measurement> runs)
{
    public string Name { get; } = name;

    public bool IsProduct { get; } = isProduct;

    public IReadOnlyList<Measurement> Runs { get; } = runs;

    /// <summary>True when every run fetched every byte: a tool with a failed run is not compared.</summary>
    public bool AllOk => Runs.Count > 0 && Runs.All(r => r.Ok);

    public int Failures => Runs.Count(r => !r.Ok);

    public double WallSeconds => Stats.Median(Ok.Select(r => r.Process.Wall.TotalSeconds));

    public double MinWallSeconds => Ok.Select(r => r.Process.Wall.TotalSeconds).DefaultIfEmpty(double.NaN).Min();

    public double MaxWallSeconds => Ok.Select(r => r.Process.Wall.TotalSeconds).DefaultIfEmpty(double.NaN).Max();

    public double MegabytesPerSecond => bytes / 1e6 / WallSeconds;

    public double PeakRssMb => Runs.Count == 0 ? double.NaN : Runs.Select(r => r.Process.PeakRssMb).Where(m => !double.IsNaN(m)).DefaultIfEmpty(double.NaN).Max();

    public double CpuSeconds => Stats.Median(Ok.Select(r => r.Process.CpuSeconds));

    public double CpuSecondsPerGb => CpuSeconds / (bytes / 1e9);

    private IEnumerable<Measurement> Ok => Runs.Where(r => r.Ok);
}
