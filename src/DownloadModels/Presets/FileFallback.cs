namespace DownloadModels.Presets;

/// <summary>
/// <paramref name="Fallback"/> is fetched only when <paramref name="Preferred"/> is absent from the repo,
/// mirroring a library that tries one file and falls back to another (safetensors → pytorch_model.bin).
/// </summary>
internal sealed record FileFallback(string Preferred, string Fallback);
