using DownloadModels.Bench.Measuring;
using DownloadModels.Bench.Processes;

namespace DownloadModels.Bench.Probes;

/// <summary>How long <c>download-models --help</c> takes from spawn to exit: the native binary's start-up cost.</summary>
internal static class StartupProbe
{
    public const int Runs = 20;

    /// <returns>The median wall time in milliseconds, or NaN when the binary failed.</returns>
    public static async Task<double> MeasureAsync(string binary, IReadOnlyDictionary<string, string> environment, string logDir)
    {
        var log = Path.Combine(logDir, "help.log");
        var times = new List<double>();

        // One unmeasured run first: the binary's pages come from disk only once.
        for (var i = 0; i <= Runs; i++)
        {
            var result = await ChildProcess.RunAsync([binary, "--help"], environment, log, TimeSpan.FromSeconds(30));
            if (!result.Succeeded)
            {
                Console.WriteLine($"  {binary} --help failed (exit {result.ExitCode}); see {log}");
                return double.NaN;
            }

            if (i > 0)
            {
                times.Add(result.Wall.TotalMilliseconds);
            }
        }

        var median = Stats.Median(times);
        Console.WriteLine($"  --help: median {median:0.0} ms over {Runs} runs (min {times.Min():0.0}, max {times.Max():0.0})");
        return median;
    }
}
