using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>The run's sums over its repos: how many repos, how many not ok, how many files; the byte counts summed.</summary>
internal sealed record TotalsDocument(
    [property: JsonPropertyName("repo_count")] int RepoCount,
    [property: JsonPropertyName("failed_count")] int FailedCount,
    [property: JsonPropertyName("file_count")] int FileCount,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("bytes_cached")] long BytesCached,
    [property: JsonPropertyName("bytes_fetched")] long BytesFetched,
    [property: JsonPropertyName("bytes_to_fetch")] long BytesToFetch)
{
    /// <summary>Bytes copied from chunks the cache already held (Xet chunk reuse), over every repo.</summary>
    [JsonPropertyName("bytes_reused")]
    public long BytesReused { get; init; }

    public static TotalsDocument Of(IReadOnlyList<RepoDocument> repos, Func<RepoDocument, bool> failed) =>
        new(repos.Count, repos.Count(failed), repos.Sum(r => r.Files.Count), repos.Sum(r => r.Bytes),
            repos.Sum(r => r.BytesCached), repos.Sum(r => r.BytesFetched), repos.Sum(r => r.BytesToFetch))
        {
            BytesReused = repos.Sum(r => r.BytesReused),
        };
}
