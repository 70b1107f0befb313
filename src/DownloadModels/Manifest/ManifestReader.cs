using DownloadModels.Presets;
using DownloadModels.Repos;

namespace DownloadModels.Manifest;

/// <summary>
/// Reads download-models.toml. Every problem is reported with its line, all at once: a syntax error, a key
/// this tool does not know, a value of the wrong type or outside what the Hub accepts, a preset mixed with
/// repo keys, the same repo and revision twice.
/// </summary>
internal static class ManifestReader
{
    private const string Repo = "repo";
    private const string Revision = "revision";
    private const string Include = "include";
    private const string Exclude = "exclude";
    private const string RepoTypeKey = "repo_type";
    private const string Preset = "preset";
    private const string Whisper = "whisper";

    private static readonly string[] Keys = [Repo, Revision, Include, Exclude, RepoTypeKey, Preset, Whisper];

    /// <summary>Reads the file; <see cref="TomlFileException"/> lists every problem with its line.</summary>
    public static ModelManifest Read(string path) => Parse(File.ReadAllText(path), path);

    public static ModelManifest Parse(string text, string path)
    {
        var source = TomlSource.Parse(text, System.IO.Path.GetFileName(path));
        source.TopLevel([]);
        var entries = new List<ManifestEntry>();
        foreach (var fields in source.TableArray("model", Keys))
        {
            if (Entry(fields) is { } input)
                entries.Add(new ManifestEntry(fields.Line, input));
        }

        foreach (var repeated in entries.GroupBy(e => e.Input.Key).Where(g => g.Count() > 1))
        {
            var first = repeated.First();
            foreach (var again in repeated.Skip(1))
                source.Error(again.Line, $"{again.Input.Repo}@{again.Input.Revision} is already listed on line {first.Line}: give each repo and revision once.");
        }

        if (entries.Count == 0 && source.Errors.Count == 0)
            source.Error(0, "no [[model]] entry: add one (download-models init writes a manifest with the pipeline's models).");
        source.ThrowIfErrors();
        return new ModelManifest(path, entries);
    }

    private static ModelInput? Entry(TomlFields fields)
    {
        var revision = fields.String(Revision) ?? ModelSpec.DefaultRevision;
        if (fields.Has(Revision) && RevisionName.Validate(revision) is { } revisionError)
        {
            fields.Error(Revision, revisionError);
            return null;
        }

        return fields.Has(Preset) ? PresetEntry(fields, revision) : RepoEntry(fields, revision);
    }

    private static ModelInput? PresetEntry(TomlFields fields, string revision)
    {
        foreach (var key in new[] { Repo, Include, Exclude, RepoTypeKey }.Where(fields.Has))
            fields.Error(key, $"{key} cannot be used with preset: a preset names its repo and files itself (use repo = \"...\" instead of preset for your own selection).");
        if (fields.String(Preset) is not { } preset)
            return null;
        if (!PipelinePresets.ValidOnly.Contains(preset))
        {
            fields.Error(Preset, $"preset '{TomlSource.Printable(preset)}' is not valid: use one of {string.Join(", ", PipelinePresets.ValidOnly)}.");
            return null;
        }

        var whisper = fields.String(Whisper);
        if (fields.Has(Whisper) && preset != PipelinePresets.SttLabel)
        {
            fields.Error(Whisper, $"whisper is only used with preset = \"{PipelinePresets.SttLabel}\".");
            return null;
        }

        if (ModelInput.ForPreset(preset, whisper, revision) is not { } input)
        {
            fields.Error(Whisper, $"unknown Whisper model '{TomlSource.Printable(whisper ?? "")}': use one of {string.Join(", ", WhisperCatalog.Names)}, or an org/name repo id.");
            return null;
        }

        return input;
    }

    private static ModelInput? RepoEntry(TomlFields fields, string revision)
    {
        if (fields.Has(Whisper))
            fields.Error(Whisper, $"whisper is only used with preset = \"{PipelinePresets.SttLabel}\".");
        var typeText = fields.String(RepoTypeKey) ?? "model";
        RepoType? type = typeText switch { "model" => RepoType.Model, "dataset" => RepoType.Dataset, "space" => RepoType.Space, _ => null };
        if (type is null)
            fields.Error(RepoTypeKey, $"repo_type '{TomlSource.Printable(typeText)}' is not valid: use model, dataset or space.");

        if (!fields.Has(Repo))
        {
            fields.Error(Repo, $"a [[model]] entry needs repo = \"org/name\" (or preset = \"{PipelinePresets.SttLabel}\", \"{PipelinePresets.TtsLabel}\" or \"{PipelinePresets.EmbeddingsLabel}\").");
            return null;
        }

        RepoId? repo = null;
        if (fields.String(Repo) is { } id && !RepoId.TryParse(id, type ?? RepoType.Model, out repo, out var repoError))
            fields.Error(Repo, repoError);
        var include = Patterns(fields, Include);
        var exclude = Patterns(fields, Exclude);
        return repo is null || type is null || include is null || exclude is null ? null : ModelInput.ForRepo(repo, revision, include, exclude);
    }

    private static IReadOnlyList<string>? Patterns(TomlFields fields, string key)
    {
        if (!fields.Has(key))
            return [];
        var patterns = fields.Strings(key);
        if (patterns is not null && patterns.Any(p => p.Length == 0))
        {
            fields.Error(key, $"an {key} pattern is empty.");
            return null;
        }

        return patterns;
    }
}
