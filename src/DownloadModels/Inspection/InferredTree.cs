using DownloadModels.Cache;
using DownloadModels.Hub;

namespace DownloadModels.Inspection;

/// <summary>
/// A stand-in listing when the commit's own is unknown (offline, no trees/{commit}.json — e.g. a cache
/// written by an older huggingface_hub): each snapshot link names its blob, and a blob's name is its
/// content hash (64 hex = sha256, 40 hex = git blob sha1), so the content can still be checked.
/// </summary>
internal static class InferredTree
{
    public static IReadOnlyList<RepoFile> FromSnapshot(RepoCache repo, string commit)
    {
        var files = new List<RepoFile>();
        foreach (var (path, full) in SnapshotWalker.Entries(repo.SnapshotFolder(commit)))
        {
            var entry = DiskEntry.Probe(full);
            if (entry.Kind != EntryKind.Link || Path.GetFileName(entry.LinkTarget) is not { } etag || RepoPath.Validate(path) is not null)
                continue;
            var sha256 = IsHex(etag, 64);
            if (!sha256 && !IsHex(etag, 40))
                continue;
            var blob = DiskEntry.Probe(repo.BlobPath(etag));
            var size = blob.Kind == EntryKind.File ? blob.Length : 0;
            files.Add(sha256 ? new RepoFile(path, size, new string('0', 40), etag) : new RepoFile(path, size, etag, null));
        }

        return files;
    }

    private static bool IsHex(string text, int length) => text.Length == length && text.All(char.IsAsciiHexDigitLower);
}
