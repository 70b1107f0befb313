using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>
/// Source-generated, so the documents work in the Native AOT binary (no reflection). Every command's document is a
/// <see cref="JsonEnvelope"/> (listed there with <c>JsonDerivedType</c>), written through the envelope's type info.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, GenerationMode = JsonSourceGenerationMode.Default)]
[JsonSerializable(typeof(JsonEnvelope))]
internal sealed partial class ResultJsonContext : JsonSerializerContext;
