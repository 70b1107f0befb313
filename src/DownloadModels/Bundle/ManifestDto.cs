using System.Text.Json.Serialization;

namespace DownloadModels.Bundle;

/// <summary>
/// manifest.json, the bundle's first entry: what the bundle holds, so unpack can check every entry
/// against it while extracting. <see cref="Format"/> changes only when an older unpack could no longer read it.
/// </summary>
internal sealed record ManifestDto(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("tool")] string? Tool,
    [property: JsonPropertyName("created")] DateTimeOffset Created,
    [property: JsonPropertyName("repos")] List<ManifestRepoDto>? Repos);
