namespace DownloadModels.Tests.EndToEnd;

/// <summary>What a run of the native binary left: its exit code and everything it printed.</summary>
internal sealed record ProcessResult(int ExitCode, string StdOut, string StdErr)
{
    public string All => StdOut + StdErr;

    /// <summary>stderr without the informational lines every run starts with ("Cache: …", unpack's "Bundle: …").</summary>
    public string[] ErrorLines => [.. StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Where(l => !l.StartsWith("Cache: ", StringComparison.Ordinal) && !l.StartsWith("Bundle: ", StringComparison.Ordinal))];

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
}
