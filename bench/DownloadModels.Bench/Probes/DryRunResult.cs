namespace DownloadModels.Bench.Probes;

/// <summary>What a fully cached <c>--dry-run</c> of the default set asked the hub's API.</summary>
internal sealed record DryRunResult(bool Succeeded, int Repos, IReadOnlyList<string> ApiRequests)
{
    public double PerRepo => (double)ApiRequests.Count / Repos;
}
