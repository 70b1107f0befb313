using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>
/// verify: what the repo was checked against (<c>hub</c>, <c>saved_tree</c>: the cache's trees/{commit}.json,
/// <c>snapshot_links</c>: only the snapshot's links; null when it could not be checked), every problem,
/// the notes, how many bytes were re-hashed, and whether --repair fetched it again.
/// </summary>
internal sealed record VerifyDetails(
    [property: JsonPropertyName("checked_against")] string? CheckedAgainst,
    [property: JsonPropertyName("problems")] IReadOnlyList<ProblemDocument> Problems,
    [property: JsonPropertyName("notes")] IReadOnlyList<string> Notes,
    [property: JsonPropertyName("bytes_hashed")] long BytesHashed,
    [property: JsonPropertyName("repaired")] bool Repaired);
