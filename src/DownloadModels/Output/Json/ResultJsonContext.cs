using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>Source-generated, so the run documents work in the Native AOT binary (no reflection).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, GenerationMode = JsonSourceGenerationMode.Default)]
[JsonSerializable(typeof(RunDocument))]
internal sealed partial class ResultJsonContext : JsonSerializerContext;
