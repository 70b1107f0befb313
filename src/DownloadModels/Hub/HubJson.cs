using System.Text.Json;
using System.Text.Json.Serialization;

namespace DownloadModels.Hub;

internal sealed record RevisionInfoDto(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("sha")] string? Sha,
    [property: JsonPropertyName("gated")] JsonElement Gated);

internal sealed record LfsInfoDto(
    [property: JsonPropertyName("oid")] string? Oid,
    [property: JsonPropertyName("size")] long? Size);

internal sealed record TreeEntryDto(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("oid")] string? Oid,
    [property: JsonPropertyName("size")] long? Size,
    [property: JsonPropertyName("path")] string? Path,
    [property: JsonPropertyName("lfs")] LfsInfoDto? Lfs,
    [property: JsonPropertyName("xetHash")] string? XetHash = null);

internal sealed record ErrorDto([property: JsonPropertyName("error")] string? Error);

/// <summary>Source-generated serialisation: Native AOT has no reflection-based JSON.</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(RevisionInfoDto))]
[JsonSerializable(typeof(List<TreeEntryDto>))]
[JsonSerializable(typeof(ErrorDto))]
internal sealed partial class HubJsonContext : JsonSerializerContext;
