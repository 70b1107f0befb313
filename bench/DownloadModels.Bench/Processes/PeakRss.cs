using System.Globalization;

namespace DownloadModels.Bench.Processes;

/// <summary>
/// Peak RSS through GNU time (Debian package <c>time</c>). wait4's own ru_maxrss cannot be used: posix_spawn
/// starts the child in the bench's address space (vfork), and Linux carries that high-water mark across exec,
/// so every tool would report at least the bench's ~90 MiB. GNU time forks from its own tiny process, and
/// reports the ru_maxrss of a child that never shared the bench's memory.
/// </summary>
internal static class PeakRss
{
    private const string GnuTime = "/usr/bin/time";

    public static bool Available { get; } = File.Exists(GnuTime);

    /// <summary>The command line that runs <paramref name="argv"/> under GNU time, writing its peak RSS to <paramref name="report"/>.</summary>
    public static IReadOnlyList<string> Wrap(IReadOnlyList<string> argv, string report) =>
        Available ? [GnuTime, "--format=%M", $"--output={report}", .. argv] : argv;

    /// <summary>The peak RSS in MiB from GNU time's report, or NaN when there is none.</summary>
    public static double Read(string report)
    {
        if (!Available || !File.Exists(report))
        {
            return double.NaN;
        }

        // After a signal GNU time writes "Command terminated by signal N" first: the number is the last line.
        var last = File.ReadLines(report).LastOrDefault(l => l.Trim().Length > 0)?.Trim();
        File.Delete(report);
        return long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes) ? kilobytes / 1024.0 : double.NaN;
    }
}
