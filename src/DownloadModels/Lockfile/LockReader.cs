using DownloadModels.Manifest;
using DownloadModels.Presets;
using DownloadModels.Repos;

namespace DownloadModels.Lockfile;

/// <summary>
/// Reads download-models.lock, refusing anything this tool would not have written: unknown keys, hashes
/// that are not lowercase hex of the right length, an etag that is neither the file's sha256 nor its git
/// sha1, unsafe paths, repeated files, a preset whose repo is not the preset's. Each error names its line.
/// </summary>
internal static class LockReader
{
    private static readonly string[] TopKeys = ["version"];
    private static readonly string[] ModelKeys = ["preset", "whisper", "repo", "repo_type", "revision", "include", "exclude", "commit", "absent", "file_count", "files"];
    private static readonly string[] FileKeys = ["path", "size", "etag", "git_sha1", "sha256", "xet_hash"];

    /// <summary>The lock at <paramref name="path"/>, or null when there is none.</summary>
    public static LockedSet? ReadIfExists(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), path) : null;

    public static LockedSet Parse(string text, string path)
    {
        var source = TomlSource.Parse(text, Path.GetFileName(path));
        var top = source.TopLevel(TopKeys);
        var version = top.Integer("version");
        if (!top.Has("version"))
            source.Error(0, "no 'version = 1' line: this is not a lock written by download-models.");
        else if (version is { } v && v != LockedSet.FormatVersion)
            source.Error(top.LineOf("version"), $"lock format version {v} is not known to this download-models (it reads version {LockedSet.FormatVersion}): update download-models, or run 'download-models lock' to write it again.");
        source.ThrowIfErrors();

        var models = new List<(int Line, LockedModel Model)>();
        foreach (var fields in source.TableArray("model", ModelKeys))
        {
            if (Model(fields) is { } model)
                models.Add((fields.Line, model));
        }

        foreach (var repeated in models.GroupBy(m => m.Model.Input.Key).Where(g => g.Count() > 1))
            source.Error(repeated.Skip(1).First().Line, $"{repeated.Key.Repo}@{repeated.Key.Revision} is locked twice (first on line {repeated.First().Line}).");
        source.ThrowIfErrors();
        return LockedSet.Sorted(models.Select(m => m.Model));
    }

    private static LockedModel? Model(TomlFields fields)
    {
        var input = Input(fields);
        var commit = Required(fields, "commit");
        if (commit is not null && !RevisionName.IsCommitHash(commit))
        {
            fields.Error("commit", $"commit '{RepoId.Printable(commit)}' is not a 40-hex commit id.");
            commit = null;
        }

        var absent = fields.Strings("absent") ?? [];
        foreach (var path in absent.Where(p => RepoPath.Validate(p) is not null))
            fields.Error("absent", $"absent names an unsafe path: {RepoPath.Validate(path)}");
        if (!fields.Has("files"))
            fields.Error("files", "a [[model]] entry of the lock needs files = [...].");
        var files = new List<RepoFile>();
        var complete = true;
        foreach (var entry in fields.Tables("files", FileKeys) ?? [])
        {
            if (FileEntry(entry) is { } file)
                files.Add(file);
            else
                complete = false;
        }

        foreach (var repeated in files.GroupBy(f => f.Path, StringComparer.Ordinal).Where(g => g.Count() > 1))
            fields.Error("files", $"'{RepoPath.Shown(repeated.Key)}' is listed twice.");
        // A lock is complete or refused: a file line deleted by hand must not install the model without that file.
        var count = fields.Integer("file_count");
        if (!fields.Has("file_count"))
            fields.Error("files", "'file_count' is missing in [[model]]: the lock was edited by hand or written by an older download-models; run 'download-models lock' to write it again.");
        else if (count is { } n && complete && n != files.Count)
        {
            fields.Error("file_count", $"file_count says {n} file(s) but files lists {files.Count}: the lock was edited by hand; run 'download-models lock' to write it again.");
            complete = false;
        }
        else if (count is null)
            complete = false;

        return input is null || commit is null || !complete
            ? null
            : new LockedModel(input, commit, [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)], [.. absent.Order(StringComparer.Ordinal)]);
    }

    private static ModelInput? Input(TomlFields fields)
    {
        var revision = Required(fields, "revision");
        if (revision is not null && RevisionName.Validate(revision) is { } revisionError)
        {
            fields.Error("revision", revisionError);
            revision = null;
        }

        var repoId = Required(fields, "repo");
        var typeText = Required(fields, "repo_type");
        RepoType? type = typeText switch { "model" => RepoType.Model, "dataset" => RepoType.Dataset, "space" => RepoType.Space, null => null, _ => Invalid(fields) };
        RepoId? repo = null;
        if (repoId is not null && type is not null && !RepoId.TryParse(repoId, type.Value, out repo, out var repoError))
            fields.Error("repo", repoError);
        if (repo is null || revision is null)
            return null;

        if (fields.String("preset") is not { } preset)
        {
            foreach (var key in new[] { "include", "exclude" }.Where(k => !fields.Has(k)))
                fields.Error(key, $"a repo entry of the lock needs {key} = [...].");
            if (fields.Has("whisper"))
                fields.Error("whisper", "whisper is only used with a preset.");
            var include = fields.Strings("include");
            var exclude = fields.Strings("exclude");
            return include is null || exclude is null ? null : ModelInput.ForRepo(repo, revision, include, exclude);
        }

        foreach (var key in new[] { "include", "exclude" }.Where(fields.Has))
            fields.Error(key, $"{key} is not used with a preset.");
        var fromPreset = ModelInput.ForPreset(preset, fields.String("whisper"), revision);
        if (fromPreset is null || !PipelinePresets.ValidOnly.Contains(preset) || (preset != PipelinePresets.SttLabel && fields.Has("whisper")))
        {
            fields.Error("preset", $"preset '{preset}' with whisper '{fields.String("whisper")}' is not one this download-models knows.");
            return null;
        }

        if (fromPreset.Repo != repo)
        {
            fields.Error("repo", $"repo {repo} is not the repo of preset '{preset}' ({fromPreset.Repo}): the lock was edited by hand.");
            return null;
        }

        return fromPreset;
    }

    private static RepoFile? FileEntry(TomlFields fields)
    {
        var path = Required(fields, "path");
        var size = fields.Integer("size");
        var etag = Required(fields, "etag");
        var gitSha1 = Required(fields, "git_sha1");
        var sha256 = fields.String("sha256");
        var xetHash = fields.String("xet_hash");
        var ok = path is not null && size is not null && etag is not null && gitSha1 is not null;
        if (!fields.Has("size"))
            fields.Error("size", "a file entry needs its size.");
        if (path is not null && RepoPath.Validate(path) is { } pathError)
        {
            fields.Error("path", $"unsafe path {pathError}");
            ok = false;
        }

        if (size < 0)
        {
            fields.Error("size", "size is negative.");
            ok = false;
        }

        ok &= CheckHex(fields, "git_sha1", gitSha1, Hex.Sha1Length) & CheckHex(fields, "sha256", sha256, Hex.Sha256Length) & CheckHex(fields, "xet_hash", xetHash, Hex.Sha256Length);
        if (ok && etag != (sha256 ?? gitSha1))
        {
            fields.Error("etag", $"etag {RepoId.Printable(etag!)} is not the file's {(sha256 is null ? "git_sha1" : "sha256")}: the lock was edited by hand.");
            ok = false;
        }

        return ok ? new RepoFile(path!, size!.Value, gitSha1!, sha256, xetHash) : null;
    }

    private static bool CheckHex(TomlFields fields, string key, string? value, int length)
    {
        if (value is null || Hex.IsLower(value, length))
            return true;
        fields.Error(key, $"{key} '{RepoId.Printable(value)}' is not {length} lowercase hex digits.");
        return false;
    }

    private static string? Required(TomlFields fields, string key)
    {
        if (!fields.Has(key))
        {
            fields.Error(key, $"'{key}' is missing {fields.Where}.");
            return null;
        }

        return fields.String(key);
    }

    private static RepoType? Invalid(TomlFields fields)
    {
        fields.Error("repo_type", "repo_type must be model, dataset or space.");
        return null;
    }
}
