using DownloadModels.Repos;

namespace DownloadModels.Cache;

/// <summary>
/// A stand-in listing when the commit's own is unknown (offline, no trees/{commit}.json — e.g. a cache
/// written by an older huggingface_hub): each snapshot link names its blob, and a blob's name is its
/// content hash (64 hex = sha256 of an LFS file, 40 hex = git blob sha1), so the content can still be
/// checked. Sizes are read through a link into the shared blob store; a missing blob counts as 0 bytes.
/// </summary>
internal static class InferredTree
{
    /// <summary>The git oid of an LFS file's pointer cannot be known from the cache; this stands in for it.</summary>
    public static readonly string UnknownGitOid = new('0', 40);

    public static IReadOnlyList<RepoFile> FromSnapshot(RepoCache repo, string commit)
    {
        var files = new List<RepoFile>();
        foreach (var entry in Snapshot.Read(CacheLayout.BlobsFolder(repo.Folder), repo.SnapshotFolder(commit)).Entries)
        {
            var path = entry.RelativePath;
            if (entry.BlobName is not { } etag || RepoPath.Validate(path) is not null)
                continue;
            var sha256 = Hex.IsLower(etag, 64);
            if (!sha256 && !Hex.IsLower(etag, 40))
                continue;
            var blob = DiskEntry.Probe(repo.BlobContentPath(etag));
            var size = blob.Kind == EntryKind.File ? blob.Length : 0;
            files.Add(sha256 ? new RepoFile(path, size, UnknownGitOid, etag) : new RepoFile(path, size, etag, null));
        }

        return files;
    }
}
