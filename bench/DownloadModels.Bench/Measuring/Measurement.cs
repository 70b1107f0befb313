using DownloadModels.Bench.Processes;

namespace DownloadModels.Bench.Measuring;

/// <summary>
/// One run of one tool: what the kernel measured, whether every expected byte landed, and for a failed run
/// the reason (the last line the tool printed, or why it could not start).
/// </summary>
internal sealed record Measurement(ProcessResult Process, long BytesWritten, long BytesExpected, string? Reason = null)
{
    public bool Ok => Process.Succeeded && BytesWritten == BytesExpected;

    public string Verdict => Ok
        ? "ok"
        : (Process.TimedOut ? "TIMED OUT"
            : Process.ExitCode != 0 ? $"FAILED (exit {Process.ExitCode})"
            : $"FAILED ({BytesWritten:N0} of {BytesExpected:N0} bytes)")
          + (Reason is { Length: > 0 } why ? $": {why}" : "");
}
