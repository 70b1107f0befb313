using System.Collections.Frozen;

namespace DownloadModels.Presets;

/// <summary>
/// faster-whisper's size-name → repo map (<c>faster_whisper.utils._MODELS</c>), so
/// <c>--whisper-model small</c> fetches the same repo <c>WhisperModel("small")</c> loads.
/// </summary>
internal static class WhisperCatalog
{
    // Display order: the standard sizes small to large, then distilled, then turbo.
    private static readonly (string Name, string RepoId)[] Entries =
    [
        ("tiny", "Systran/faster-whisper-tiny"),
        ("tiny.en", "Systran/faster-whisper-tiny.en"),
        ("base", "Systran/faster-whisper-base"),
        ("base.en", "Systran/faster-whisper-base.en"),
        ("small", "Systran/faster-whisper-small"),
        ("small.en", "Systran/faster-whisper-small.en"),
        ("medium", "Systran/faster-whisper-medium"),
        ("medium.en", "Systran/faster-whisper-medium.en"),
        ("large-v1", "Systran/faster-whisper-large-v1"),
        ("large-v2", "Systran/faster-whisper-large-v2"),
        ("large-v3", "Systran/faster-whisper-large-v3"),
        ("large", "Systran/faster-whisper-large-v3"),
        ("distil-large-v2", "Systran/faster-distil-whisper-large-v2"),
        ("distil-medium.en", "Systran/faster-distil-whisper-medium.en"),
        ("distil-small.en", "Systran/faster-distil-whisper-small.en"),
        ("distil-large-v3", "Systran/faster-distil-whisper-large-v3"),
        ("distil-large-v3.5", "distil-whisper/distil-large-v3.5-ct2"),
        ("large-v3-turbo", "mobiuslabsgmbh/faster-whisper-large-v3-turbo"),
        ("turbo", "mobiuslabsgmbh/faster-whisper-large-v3-turbo"),
    ];

    // Ordinal: faster-whisper looks names up in a plain dict, so "Tiny" is not "tiny".
    private static readonly FrozenDictionary<string, string> ByName =
        Entries.ToFrozenDictionary(e => e.Name, e => e.RepoId, StringComparer.Ordinal);

    public const string DefaultName = "tiny";

    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(Entries.Select(e => e.Name).ToArray());

    /// <summary>
    /// Maps a size name to its repo; a name containing '/' is already a repo id and is returned as is,
    /// as faster-whisper does.
    /// </summary>
    public static bool TryResolve(string name, out string repoId)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Contains('/'))
        {
            repoId = name;
            return true;
        }

        if (ByName.TryGetValue(name, out var found))
        {
            repoId = found;
            return true;
        }

        repoId = string.Empty;
        return false;
    }
}
