using DownloadModels.Bench.Processes;

namespace DownloadModels.Bench.Measuring;

/// <summary>One run of one tool: what the kernel measured, and whether every expected byte landed.</summary>
internal sealed record Measurement(ProcessResult Process, long BytesWritten, long BytesExpected)
{
    public bool Ok => Process.Succeeded && BytesWritten == BytesExpected;

    public string Verdict => Ok
        ? "ok"
        : Process.TimedOut ? "TIMED OUT"
        : Process.ExitCode != 0 ? $"FAILED (exit {Process.ExitCode})"
        : $"FAILED ({BytesWritten:N0} of {BytesExpected:N0} bytes)";
}
