using DownloadModels.Presets;
using DownloadModels.Repos;

namespace DownloadModels.Manifest;

/// <summary>
/// What one manifest entry asks for, normalised (patterns sorted, duplicates dropped, defaults filled in):
/// the inputs a lock entry records and is compared against. A preset entry names the drop-in's model
/// (<see cref="Preset"/>, with <see cref="Whisper"/> for stt) and its repo is derived from it.
/// </summary>
internal sealed record ModelInput(string? Preset, string? Whisper, RepoId Repo, string Revision, IReadOnlyList<string> Include, IReadOnlyList<string> Exclude)
{
    /// <summary>The names a lock entry is found by: two entries of one manifest never share them.</summary>
    public (RepoType Type, string Repo, string Revision) Key => (Repo.Type, Repo.Id, Revision);

    /// <summary>"stt", "tts", "embeddings" for presets, else the repo id: the label progress lines carry.</summary>
    public string Label => Preset ?? Repo.Id;

    /// <summary>How messages name the entry: "stt (Systran/faster-whisper-tiny@main)" or "org/name@main".</summary>
    public string Shown => Preset is null ? $"{Repo}@{Revision}" : $"{Preset} ({Repo}@{Revision})";

    public static ModelInput ForRepo(RepoId repo, string revision, IEnumerable<string> include, IEnumerable<string> exclude) =>
        new(null, null, repo, revision, Normalise(include), Normalise(exclude));

    /// <summary>A preset entry; null when the preset or the Whisper name is unknown.</summary>
    public static ModelInput? ForPreset(string preset, string? whisper, string revision)
    {
        string? repoId = preset switch
        {
            PipelinePresets.SttLabel => WhisperCatalog.TryResolve(whisper ?? WhisperCatalog.DefaultName, out var found) ? found : null,
            PipelinePresets.TtsLabel => PipelinePresets.KokoroRepoId,
            PipelinePresets.EmbeddingsLabel => PipelinePresets.EmbeddingsRepoId,
            _ => null,
        };
        if (repoId is null || !RepoId.TryParse(repoId, RepoType.Model, out var repo, out _))
            return null;
        var name = preset == PipelinePresets.SttLabel ? whisper ?? WhisperCatalog.DefaultName : null;
        return new(preset, name, repo!, revision, [], []);
    }

    /// <summary>Whether two inputs ask for the same thing (records compare lists by reference, so this compares them by content).</summary>
    public bool SameAs(ModelInput other) =>
        Preset == other.Preset && Whisper == other.Whisper && Repo == other.Repo && Revision == other.Revision
        && Include.SequenceEqual(other.Include, StringComparer.Ordinal) && Exclude.SequenceEqual(other.Exclude, StringComparer.Ordinal);

    /// <summary>What to select from the repo, as the drop-in and `get` select it.</summary>
    public ModelSpec ToSpec() => Preset switch
    {
        PipelinePresets.SttLabel => PipelinePresets.Stt(Repo.Id) with { Revision = Revision },
        PipelinePresets.TtsLabel => PipelinePresets.Tts with { Revision = Revision },
        PipelinePresets.EmbeddingsLabel => PipelinePresets.Embeddings with { Revision = Revision },
        _ => ModelSpec.ForRepo(Repo.Id, Include, Exclude, Revision),
    };

    private static string[] Normalise(IEnumerable<string> patterns) => [.. patterns.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
