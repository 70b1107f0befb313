namespace DownloadModels.Bench.Processes;

/// <summary>How one child process ended and what it cost, as the kernel accounted it.</summary>
/// <param name="ExitCode">The exit status, or 128 + signal when a signal ended it.</param>
/// <param name="PeakRssMb">Peak resident set in MiB, NaN when not measured.</param>
/// <param name="TimedOut">True when the bench killed it for running too long.</param>
internal sealed record ProcessResult(int ExitCode, TimeSpan Wall, double PeakRssMb, double CpuSeconds, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
