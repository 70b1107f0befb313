namespace DownloadModels.Output.Json;

/// <summary>What every run document says about the run itself: the command, its mode, the cache, the time taken.</summary>
internal sealed record RunHeader(string Command, bool DryRun, bool Offline, string? CacheDir, TimeSpan Elapsed)
{
    /// <summary>--local-dir: where the files went instead of the cache.</summary>
    public string? LocalDir { get; init; }

    /// <summary>The document for this run: ok exactly when the exit code is 0; totals summed from the repos.</summary>
    public RunDocument Document(IReadOnlyList<RepoDocument> repos, int exitCode, string? error = null) =>
        new(Command, exitCode == 0, exitCode, error, DryRun, Offline, CacheDir, Math.Round(Elapsed.TotalSeconds, 3), repos,
            TotalsDocument.Of(repos, r => r.Status != RepoDocuments.Ok)) { LocalDir = LocalDir };
}
