using System.Text.Json.Serialization;

namespace DownloadModels.Bundle;

/// <summary>One file of a repo: sha256 for LFS files (the blob's name), else the git blob sha1 (ditto).</summary>
internal sealed record ManifestFileDto(
    [property: JsonPropertyName("path")] string? Path,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("lfs")] bool Lfs,
    [property: JsonPropertyName("sha256")] string? Sha256,
    [property: JsonPropertyName("sha1")] string? Sha1);
