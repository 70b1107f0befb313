using System.Text.Json.Serialization;

namespace DownloadModels.Mirror;

/// <summary>
/// The Hub's own JSON shapes, with the fields the Python libraries require as well as those this tool
/// reads: huggingface_hub's RepoFile needs <c>lfs.pointerSize</c>, its ModelInfo needs <c>id</c>, and
/// snapshot_download lists files from <c>siblings</c>.
/// </summary>
internal sealed record MirrorLfsDto(
    [property: JsonPropertyName("oid")] string Oid,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("pointerSize")] int PointerSize);

internal sealed record MirrorTreeEntryDto(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("oid")] string Oid,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("lfs")] MirrorLfsDto? Lfs);

internal sealed record MirrorSiblingLfsDto(
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("pointerSize")] int PointerSize);

internal sealed record MirrorSiblingDto(
    [property: JsonPropertyName("rfilename")] string RFilename,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("blobId")] string BlobId,
    [property: JsonPropertyName("lfs")] MirrorSiblingLfsDto? Lfs);

internal sealed record MirrorRevisionDto(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("sha")] string Sha,
    [property: JsonPropertyName("private")] bool Private,
    [property: JsonPropertyName("gated")] bool Gated,
    [property: JsonPropertyName("disabled")] bool Disabled,
    [property: JsonPropertyName("siblings")] IReadOnlyList<MirrorSiblingDto> Siblings);

/// <summary>Source-generated (Native AOT has no reflection-based JSON); nulls are left out as the Hub does.</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<MirrorTreeEntryDto>))]
[JsonSerializable(typeof(MirrorRevisionDto))]
internal sealed partial class MirrorJsonContext : JsonSerializerContext;
