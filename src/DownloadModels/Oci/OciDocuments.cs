using System.Text.Json.Serialization;

namespace DownloadModels.Oci;

/// <summary>A content descriptor (OCI image spec): what a manifest or index points to.</summary>
internal sealed record OciDescriptor(
    [property: JsonPropertyName("mediaType")] string? MediaType,
    [property: JsonPropertyName("digest")] string? Digest,
    [property: JsonPropertyName("size")] long Size)
{
    [JsonPropertyName("artifactType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ArtifactType { get; init; }

    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SortedDictionary<string, string>? Annotations { get; init; }
}

/// <summary>
/// An image manifest or an image index, as read (every field optional, checked by <see cref="ModelPackReader"/>)
/// and as written (only the fields of its kind set).
/// </summary>
internal sealed record OciDocument
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; }

    [JsonPropertyName("mediaType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MediaType { get; init; }

    [JsonPropertyName("artifactType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ArtifactType { get; init; }

    [JsonPropertyName("config")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OciDescriptor? Config { get; init; }

    [JsonPropertyName("layers")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<OciDescriptor>? Layers { get; init; }

    [JsonPropertyName("manifests")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<OciDescriptor>? Manifests { get; init; }

    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SortedDictionary<string, string>? Annotations { get; init; }
}

/// <summary>The ModelPack config blob (application/vnd.cncf.model.config.v1+json): only fields its schema knows.</summary>
internal sealed record ModelConfigDocument(
    [property: JsonPropertyName("descriptor")] ModelDescriptorDocument Descriptor,
    [property: JsonPropertyName("config")] ModelRunConfig Config,
    [property: JsonPropertyName("modelfs")] ModelFsDocument ModelFs);

internal sealed record ModelDescriptorDocument(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("revision")] string? Revision,
    [property: JsonPropertyName("sourceURL")] string? SourceUrl);

/// <summary>The execution parameters: none known for a Hugging Face repo, so an empty object.</summary>
internal sealed record ModelRunConfig;

internal sealed record ModelFsDocument(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("diffIds")] IReadOnlyList<string>? DiffIds);

/// <summary>One entry of the Hub's listing of a commit, as the tree annotation carries it.</summary>
internal sealed record TreeEntryDocument(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("oid")] string Oid)
{
    [JsonPropertyName("lfs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Lfs { get; init; }

    [JsonPropertyName("xet")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Xet { get; init; }
}

/// <summary>A bearer token endpoint's answer (distribution's token spec: token, or access_token as OAuth2 names it).</summary>
internal sealed record TokenAnswer(
    [property: JsonPropertyName("token")] string? Token,
    [property: JsonPropertyName("access_token")] string? AccessToken);

/// <summary>Docker's ~/.docker/config.json: only the "auths" map is read.</summary>
internal sealed record DockerConfig([property: JsonPropertyName("auths")] Dictionary<string, DockerAuth>? Auths);

internal sealed record DockerAuth(
    [property: JsonPropertyName("auth")] string? Auth,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("identitytoken")] string? IdentityToken);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never, WriteIndented = false)]
[JsonSerializable(typeof(OciDocument))]
[JsonSerializable(typeof(ModelConfigDocument))]
[JsonSerializable(typeof(List<TreeEntryDocument>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(TokenAnswer))]
[JsonSerializable(typeof(DockerConfig))]
internal sealed partial class OciJsonContext : JsonSerializerContext;
