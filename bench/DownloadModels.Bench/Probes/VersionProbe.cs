using DownloadModels.Bench.Processes;

namespace DownloadModels.Bench.Probes;

/// <summary>The first line a program prints for its version, for the header of the report.</summary>
internal static class VersionProbe
{
    public static async Task<string> FirstLineAsync(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment, string logDir)
    {
        var log = Path.Combine(logDir, "version.log");
        try
        {
            var result = await ChildProcess.RunAsync(argv, environment, log, TimeSpan.FromSeconds(10));
            var line = File.ReadLines(log).FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
            return result.Succeeded ? line : $"(exit {result.ExitCode}) {line}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }
}
