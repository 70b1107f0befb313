using System.Text.Json.Serialization;

namespace DownloadModels.Bundle;

/// <summary>One repo of the bundle: the revision it was packed for, the commit it resolved to, and its files.</summary>
internal sealed record ManifestRepoDto(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("revision")] string? Revision,
    [property: JsonPropertyName("commit")] string? Commit,
    [property: JsonPropertyName("files")] List<ManifestFileDto>? Files,
    [property: JsonPropertyName("noExist")] List<string>? NoExist,
    [property: JsonPropertyName("tree")] bool Tree);
