using System.Text;
using DownloadModels.Errors;
using DownloadModels.Repos;

namespace DownloadModels.Cache;

/// <summary>
/// The one rule for reading a ref, for every reader (the planner, list, verify, rm, prune): the whole file,
/// read without following a link. A ref that is exactly a commit id names it. One whose text trims to a commit
/// id names that commit too (a run still finds its snapshot), with a <see cref="Problem"/>: huggingface_hub
/// does not strip it, so the Python libraries miss the snapshot offline until it is rewritten. Anything else
/// names no commit. A UTF-8 byte order mark is dropped the same way (with a problem), so prune never deletes
/// a snapshot that --offline calls ready.
/// </summary>
internal sealed record RefFile(string Name, string? Commit, string? Problem)
{
    /// <summary>A ref is 40 bytes; anything much longer is not a ref and is not read.</summary>
    private const int MaxBytes = 256;

    public bool Exists => Commit is not null || Problem is not null;

    public static RefFile Read(RepoCache repo, string name) => Read(repo.RefPath(name), name);

    public static RefFile Read(string path, string name)
    {
        var where = $"refs/{name}";
        try
        {
            var entry = DiskEntry.Probe(path);
            switch (entry.Kind)
            {
                case EntryKind.Absent:
                    return new RefFile(name, null, null);
                case EntryKind.Link or EntryKind.Folder:
                    return new RefFile(name, null, $"{where} is a {entry.Kind.ToString().ToLowerInvariant()}, not a file holding a commit id");
                case EntryKind.File when entry.Length > MaxBytes:
                    return new RefFile(name, null, $"{where} holds {entry.Length} bytes, not a commit id");
                case EntryKind.File when entry.Length == 0:
                    return new RefFile(name, null, $"{where} is empty");
            }

            var text = Encoding.UTF8.GetString(File.ReadAllBytes(path));
            // A UTF-8 byte order mark is dropped (one reading for every reader), so
            // prune never deletes a snapshot that --offline calls ready; verify still reports it.
            if (text.StartsWith('\uFEFF'))
            {
                var body = text[1..].Trim();
                return RevisionName.IsCommitHash(body)
                    ? new RefFile(name, body, $"{where} starts with a UTF-8 byte order mark, which huggingface_hub does not strip")
                    : new RefFile(name, null, $"{where} holds '{Shown(body)}', not a commit id");
            }

            if (RevisionName.IsCommitHash(text))
                return new RefFile(name, text, null);
            var trimmed = text.Trim();
            return RevisionName.IsCommitHash(trimmed)
                ? new RefFile(name, trimmed, $"{where} holds the commit id with extra whitespace or a newline, which huggingface_hub does not strip")
                : new RefFile(name, null, $"{where} holds '{Shown(trimmed)}', not a commit id");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new RefFile(name, null, $"{where} cannot be read ({SystemErrors.Describe(e)})");
        }
    }

    private static string Shown(string text)
    {
        var printable = RepoId.Printable(text);
        return printable.Length > 48 ? printable[..48] + "..." : printable;
    }
}
