using System.Globalization;
using System.Text;
using DownloadModels.Cache;
using DownloadModels.Repos;

namespace DownloadModels.Lockfile;

/// <summary>
/// Writes the lock so that a review reads like a code review: models sorted by repo type, repo and revision,
/// files sorted by path, one file per line with its fields always in the same order, "\n" line ends, no
/// time stamps. The same models always give the same bytes, so locking twice changes nothing.
/// </summary>
internal static class LockWriter
{
    public static string Format(LockedSet lockFile, string manifestName)
    {
        var text = new StringBuilder();
        text.Append("# This file is written by `download-models lock` from ").Append(manifestName).Append(": do not edit it by hand.\n");
        text.Append("# `download-models sync` installs exactly these commits and checks every file against these hashes.\n");
        text.Append("version = ").Append(LockedSet.FormatVersion.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var model in LockedSet.Sorted(lockFile.Models).Models)
        {
            var input = model.Input;
            text.Append("\n[[model]]\n");
            if (input.Preset is { } preset)
                Line(text, "preset", TomlText.Quote(preset));
            if (input.Whisper is { } whisper)
                Line(text, "whisper", TomlText.Quote(whisper));
            Line(text, "repo", TomlText.Quote(input.Repo.Id));
            Line(text, "repo_type", TomlText.Quote(TypeName(input.Repo.Type)));
            Line(text, "revision", TomlText.Quote(input.Revision));
            if (input.Preset is null)
            {
                Line(text, "include", TomlText.Array(input.Include));
                Line(text, "exclude", TomlText.Array(input.Exclude));
            }

            Line(text, "commit", TomlText.Quote(model.Commit));
            if (model.Absent.Count > 0)
                Line(text, "absent", TomlText.Array(model.Absent.Order(StringComparer.Ordinal)));
            Line(text, "file_count", model.Files.Count.ToString(CultureInfo.InvariantCulture));
            text.Append("files = [\n");
            foreach (var file in model.Files.OrderBy(f => f.Path, StringComparer.Ordinal))
                text.Append("    ").Append(File(file)).Append(",\n");
            text.Append("]\n");
        }

        return text.ToString();
    }

    /// <summary>Writes the lock unless it already holds exactly these bytes; true when the file changed.</summary>
    public static bool Write(string path, LockedSet lockFile, string manifestName)
    {
        var text = Format(lockFile, manifestName);
        if (System.IO.File.Exists(path) && System.IO.File.ReadAllText(path) == text)
            return false;
        OutputFile.WriteAllText(path, text);
        return true;
    }

    public static string TypeName(RepoType type) => type switch
    {
        RepoType.Dataset => "dataset",
        RepoType.Space => "space",
        _ => "model",
    };

    private static void Line(StringBuilder text, string key, string value) => text.Append(key).Append(" = ").Append(value).Append('\n');

    private static string File(RepoFile file)
    {
        var fields = new List<string>
        {
            $"path = {TomlText.Quote(file.Path)}",
            $"size = {file.Size.ToString(CultureInfo.InvariantCulture)}",
            $"etag = {TomlText.Quote(file.Etag)}",
            $"git_sha1 = {TomlText.Quote(file.GitOid)}",
        };
        if (file.LfsSha256 is { } sha256)
            fields.Add($"sha256 = {TomlText.Quote(sha256)}");
        if (file.XetHash is { } xet)
            fields.Add($"xet_hash = {TomlText.Quote(xet)}");
        return $"{{ {string.Join(", ", fields)} }}";
    }
}
