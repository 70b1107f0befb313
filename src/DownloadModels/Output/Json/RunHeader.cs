namespace DownloadModels.Output.Json;

/// <summary>What every run document says about the run itself: the command, its mode, the cache, the time taken.</summary>
internal sealed record RunHeader(string Command, bool DryRun, bool Offline, string? CacheDir, TimeSpan Elapsed)
{
    /// <summary>--local-dir: where the files went instead of the cache.</summary>
    public string? LocalDir { get; init; }

    /// <summary>
    /// The document for this run: ok exactly when the exit code is 0; totals summed from the repos. A failed run
    /// without an error of its own (some repos failed) gets <c>repos_failed</c>, naming them.
    /// </summary>
    public RunDocument Document(IReadOnlyList<RepoDocument> repos, int exitCode, ErrorDocument? error = null)
    {
        var totals = TotalsDocument.Of(repos, r => r.Status != RepoDocuments.Ok);
        return new RunDocument(DryRun, Offline, CacheDir, Math.Round(Elapsed.TotalSeconds, 3), repos, totals)
        {
            Command = Command,
            ExitCode = exitCode,
            Error = exitCode == 0 ? null : error ?? ReposFailed(repos.Where(r => r.Status != RepoDocuments.Ok).Select(r => r.Label).ToArray(), repos.Count, Command == "verify"),
            LocalDir = LocalDir,
        };
    }

    /// <summary>The error of a run whose repos (or targets) failed one by one: how many of how many, which.</summary>
    public static ErrorDocument ReposFailed(IReadOnlyList<string> failed, int of, bool verify = false)
    {
        var names = failed.Count == 0 ? "" : ": " + string.Join(", ", failed.Take(10)) + (failed.Count > 10 ? ", …" : "");
        var what = verify ? "failed or have problems" : "failed";
        return new ErrorDocument(ErrorCodes.ReposFailed, $"{failed.Count} of {of} {(of == 1 ? "repo" : "repos")} {what}{names}.");
    }
}
