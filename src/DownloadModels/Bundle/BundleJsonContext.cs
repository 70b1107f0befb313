using System.Text.Json.Serialization;

namespace DownloadModels.Bundle;

/// <summary>Source-generated (Native AOT has no reflection-based JSON); indented so a curious user can read the manifest.</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ManifestDto))]
internal sealed partial class BundleJsonContext : JsonSerializerContext;
