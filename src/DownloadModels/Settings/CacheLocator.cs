using DownloadModels.Contract;

namespace DownloadModels.Settings;

/// <summary>
/// Decides the cache directory the way huggingface_hub does, so the Python libraries find what was
/// downloaded, with two additions from the script being replaced: <c>--cache-dir</c> (an HF home) and
/// docker compose's <c>MODEL_CACHE_DIR</c>.
/// </summary>
/// <remarks>
/// <c>homeDirectory</c> is null when the process has no usable home (<see cref="HomeFolder"/>):
/// every place given explicitly still works; only the default cache and a leading <c>~</c> need a home, and
/// there a <see cref="UsageException"/> says what to set instead (exit 1).
/// </remarks>
internal static class CacheLocator
{
    public const string DotEnvFileName = ".env";

    public static CacheLocation Resolve(
        string? cacheDirOption,
        Func<string, string?> getEnv,
        string currentDirectory,
        string? homeDirectory)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        ArgumentException.ThrowIfNullOrEmpty(currentDirectory);

        string Full(string path) => homeDirectory is null && PathText.NeedsHome(path)
            ? throw new UsageException($"{path} starts with ~ but {HomeFolder.Missing}: write the full path.")
            : PathText.MakeAbsolute(path, currentDirectory, homeDirectory);
        string? Env(string name) => PathText.NullIfEmpty(getEnv(name));

        if (PathText.NullIfEmpty(cacheDirOption) is { } option)
        {
            string home = Full(option);
            return new(Path.Combine(home, "hub"), home, "--cache-dir");
        }

        string? hfHome = Env("HF_HOME");
        string? xdg = Env("XDG_CACHE_HOME");
        // huggingface_hub's HF_HOME default; the token file lives here whatever decides the hub dir.
        string? hfStyleHome = hfHome is not null ? Full(hfHome)
            : xdg is not null ? Path.Combine(Full(xdg), "huggingface")
            : null;

        if (Env("HF_HUB_CACHE") is { } hubCache)
        {
            return new(Full(hubCache), hfStyleHome ?? DefaultHome(homeDirectory), "HF_HUB_CACHE");
        }

        if (Env("HUGGINGFACE_HUB_CACHE") is { } legacyHubCache)
        {
            return new(Full(legacyHubCache), hfStyleHome ?? DefaultHome(homeDirectory), "HUGGINGFACE_HUB_CACHE");
        }

        if (hfStyleHome is not null)
        {
            return new(Path.Combine(hfStyleHome, "hub"), hfStyleHome, hfHome is not null ? "HF_HOME" : "XDG_CACHE_HOME");
        }

        // Only now, with no Hugging Face variable set: compose mounts $MODEL_CACHE_DIR at /root/.cache, so
        // the containers' HF home /root/.cache/huggingface is $MODEL_CACHE_DIR/huggingface on the host.
        // Compose itself prefers the shell's value over the .env file's.
        (string? modelCacheDir, string source) = Env("MODEL_CACHE_DIR") is { } fromEnv
            ? (fromEnv, "MODEL_CACHE_DIR")
            : (ReadDotEnvModelCacheDir(currentDirectory, getEnv), "MODEL_CACHE_DIR (.env)");
        if (modelCacheDir is not null)
        {
            string home = Path.Combine(Full(modelCacheDir), "huggingface");
            return new(Path.Combine(home, "hub"), home, source);
        }

        string defaultHome = DefaultHome(homeDirectory)
            ?? throw new UsageException($"no folder for the cache: {HomeFolder.Missing}; give --cache-dir PATH, or set HF_HOME or HF_HUB_CACHE.");
        return new(Path.Combine(defaultHome, "hub"), defaultHome, "default");
    }

    private static string? DefaultHome(string? homeDirectory) =>
        homeDirectory is null ? null : Path.Combine(Path.GetFullPath(homeDirectory), ".cache", "huggingface");

    private static string? ReadDotEnvModelCacheDir(string currentDirectory, Func<string, string?> getEnv)
    {
        var values = DotEnvFile.Read(Path.Combine(currentDirectory, DotEnvFileName), getEnv);
        if (!values.TryGetValue("MODEL_CACHE_DIR", out var value))
            return null;
        if (value.Contains('\0', StringComparison.Ordinal))
            throw new UsageException($"MODEL_CACHE_DIR in {Path.Combine(currentDirectory, DotEnvFileName)} holds a NUL character, which no path can: fix that line, or give --cache-dir.");
        return PathText.NullIfEmpty(value);
    }
}
