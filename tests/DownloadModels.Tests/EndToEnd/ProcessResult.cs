namespace DownloadModels.Tests.EndToEnd;

/// <summary>What a run of the native binary left: its exit code and everything it printed.</summary>
internal sealed record ProcessResult(int ExitCode, string StdOut, string StdErr)
{
    public string All => StdOut + StdErr;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
}
