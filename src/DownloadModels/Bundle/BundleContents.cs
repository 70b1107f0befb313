namespace DownloadModels.Bundle;

/// <summary>What a bundle's manifest declares: who made it, when, and the repos it holds.</summary>
internal sealed record BundleContents(string Tool, DateTimeOffset Created, IReadOnlyList<BundledRepo> Repos)
{
    public long BlobBytes => Repos.Sum(r => r.BlobBytes);
}
