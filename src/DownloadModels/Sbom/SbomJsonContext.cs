using System.Text.Json.Serialization;

namespace DownloadModels.Sbom;

/// <summary>Source-generated (Native AOT has no reflection-based JSON); indented, absent fields left out.</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CdxBom))]
internal sealed partial class SbomJsonContext : JsonSerializerContext;
