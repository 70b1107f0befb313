namespace DownloadModels.Settings;

/// <summary>
/// Where models go (<paramref name="HubCacheDir"/>) and the HF home that holds the token file.
/// <paramref name="Source"/> names what decided it, e.g. "--cache-dir", "HF_HUB_CACHE",
/// "MODEL_CACHE_DIR (.env)" or "default", so the user can see why a path was chosen.
/// <paramref name="HfHome"/> is null only when the hub cache was given directly (HF_HUB_CACHE) and there is
/// no home folder to derive huggingface_hub's default HF home from: then no token file is looked for there.
/// </summary>
internal sealed record CacheLocation(string HubCacheDir, string? HfHome, string Source);
