using System.Collections;

namespace DownloadModels.Bench.Processes;

/// <summary>
/// The environment every tool runs in: the bench's own, minus whatever could send a tool elsewhere or change
/// its work (a user's Hugging Face settings and token, proxies), plus HF_ENDPOINT pointing at the fake hub.
/// </summary>
internal static class ChildEnvironment
{
    private static readonly string[] Dropped =
    [
        "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACE_HUB_CACHE", "MODEL_CACHE_DIR", "WHISPER_MODEL", "XDG_CACHE_HOME",
        "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
    ];

    public static IReadOnlyDictionary<string, string> Create(string endpoint)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (!name.StartsWith("HF_", StringComparison.Ordinal)
                && !name.StartsWith("DOWNLOAD_MODELS_", StringComparison.Ordinal)
                && !Dropped.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                env[name] = (string?)entry.Value ?? "";
            }
        }

        env["HF_ENDPOINT"] = endpoint;
        return env;
    }
}
