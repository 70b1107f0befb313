namespace DownloadModels.Bench.Scenarios;

/// <summary>
/// One workload: the files every tool fetches, the download-models command line that fetches exactly those
/// (before <c>--cache-dir</c>): <c>get REPO</c>, or nothing for the drop-in's default model set, the pace
/// of every CDN answer (0: plain loopback; else MB/s per connection, as one connection to the real CDN) and
/// how long every CDN answer waits before its body (0: none; else a round trip to a distant CDN).
/// </summary>
internal sealed record Scenario(string Key, string Title, IReadOnlyList<BenchFile> Files, IReadOnlyList<string> DmCommand, int ThrottleMbps = 0, int LatencyMs = 0)
{
    public long TotalBytes => Files.Sum(f => f.Size);

    public IReadOnlyList<string> RepoIds => [.. Files.Select(f => f.RepoId).Distinct(StringComparer.Ordinal)];

    /// <summary>One file: the workload where parallel ranges within a file are all that can help.</summary>
    public bool IsSingleFile => Files.Count == 1;

    public bool IsThrottled => ThrottleMbps > 0;

    public bool HasLatency => LatencyMs > 0;
}
