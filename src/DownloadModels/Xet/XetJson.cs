using System.Text.Json.Serialization;

namespace DownloadModels.Xet;

/// <summary>The token route's answer: a CAS access token, when it expires (unix seconds) and where the CAS is.</summary>
internal sealed record XetTokenDto(
    [property: JsonPropertyName("accessToken")] string? AccessToken,
    [property: JsonPropertyName("exp")] long? Exp,
    [property: JsonPropertyName("casUrl")] string? CasUrl);

internal sealed record IndexRangeDto(
    [property: JsonPropertyName("start")] long Start,
    [property: JsonPropertyName("end")] long End);

internal sealed record TermDto(
    [property: JsonPropertyName("hash")] string? Hash,
    [property: JsonPropertyName("range")] IndexRangeDto? Range,
    [property: JsonPropertyName("unpacked_length")] long UnpackedLength);

internal sealed record V2RangeDto(
    [property: JsonPropertyName("chunks")] IndexRangeDto? Chunks,
    [property: JsonPropertyName("bytes")] IndexRangeDto? Bytes);

internal sealed record V2XorbDto(
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("ranges")] List<V2RangeDto>? Ranges);

/// <summary><c>GET /v2/reconstructions/{hash}</c>: terms, and per xorb its signed URLs with the chunk and byte ranges they allow.</summary>
internal sealed record ReconstructionV2Dto(
    [property: JsonPropertyName("offset_into_first_range")] long OffsetIntoFirstRange,
    [property: JsonPropertyName("terms")] List<TermDto>? Terms,
    [property: JsonPropertyName("xorbs")] Dictionary<string, List<V2XorbDto>>? Xorbs);

internal sealed record V1FetchDto(
    [property: JsonPropertyName("range")] IndexRangeDto? Range,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("url_range")] IndexRangeDto? UrlRange);

/// <summary><c>GET /v1/reconstructions/{hash}</c>: terms, and per xorb one URL per chunk range.</summary>
internal sealed record ReconstructionV1Dto(
    [property: JsonPropertyName("offset_into_first_range")] long OffsetIntoFirstRange,
    [property: JsonPropertyName("terms")] List<TermDto>? Terms,
    [property: JsonPropertyName("fetch_info")] Dictionary<string, List<V1FetchDto>>? FetchInfo);

[JsonSerializable(typeof(XetTokenDto))]
[JsonSerializable(typeof(ReconstructionV2Dto))]
[JsonSerializable(typeof(ReconstructionV1Dto))]
internal sealed partial class XetJsonContext : JsonSerializerContext;
