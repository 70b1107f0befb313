using DownloadModels.Cache;

namespace DownloadModels.Inspection;

/// <summary>
/// The deleting half of <c>verify --repair</c>: corrupt blobs and corrupt copies go (a missing file is
/// fetched again; a corrupt one would be trusted, since the engine only compares sizes of blobs already
/// present), and so do snapshot entries the commit does not have, wrong chunk maps and the maps of the blobs
/// that go. Wrong and dangling links are left to the download, which relinks them atomically.
/// </summary>
internal static class CacheRepair
{
    /// <summary>Returns what could not be removed (a path behind a link, or an I/O error), for the report.</summary>
    public static IReadOnlyList<string> RemoveBad(HubCache cache, RepoVerification verification)
    {
        if (verification.Target.Commit is not { } commit)
            return [];
        var repo = cache.Repo(verification.Request.Repo);
        // Extras first: a stray link to a folder goes before anything that was only reachable through it.
        var doomed = verification.Extras.Select(p => repo.SnapshotPath(commit, p))
            .Concat(verification.Checks.Where(c => c.Blob.IsBad).Select(c => repo.BlobPath(c.File.Etag)))
            .Concat(verification.Checks.Where(c => c.Copy?.IsBad == true).Select(c => repo.SnapshotPath(commit, c.File.Path)))
            // A wrong chunk map goes, and so does the map of a blob that goes: maps are only a cache.
            .Concat(verification.Checks.Where(c => c.ChunkMap is not null || c.Blob.IsBad).Select(c => CacheLayout.XetChunkMapPath(repo.Folder, c.File.Etag)))
            .Distinct(StringComparer.Ordinal);
        return doomed.Where(path => !CachePaths.Delete(repo.Folder, path)).Select(path => Path.GetRelativePath(repo.Folder, path)).ToArray();
    }
}
