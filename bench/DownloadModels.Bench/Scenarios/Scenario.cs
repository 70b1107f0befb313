namespace DownloadModels.Bench.Scenarios;

/// <summary>
/// One workload: the files every tool fetches, and the download-models command line that fetches exactly
/// those (before <c>--cache-dir</c>): <c>get REPO</c>, or nothing for the drop-in's default model set.
/// </summary>
internal sealed record Scenario(string Key, string Title, IReadOnlyList<BenchFile> Files, IReadOnlyList<string> DmCommand)
{
    public long TotalBytes => Files.Sum(f => f.Size);

    public IReadOnlyList<string> RepoIds => [.. Files.Select(f => f.RepoId).Distinct(StringComparer.Ordinal)];

    /// <summary>One file: the workload where parallel ranges within a file are all that can help.</summary>
    public bool IsSingleFile => Files.Count == 1;
}
