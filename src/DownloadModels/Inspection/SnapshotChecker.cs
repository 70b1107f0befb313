using System.Collections.Concurrent;
using DownloadModels.Cache;
using DownloadModels.Repos;

namespace DownloadModels.Inspection;

/// <summary>
/// Checks one repo's selected files at its commit: each snapshot entry (a link with exactly
/// huggingface_hub's relative target, or a regular copy), each blob once however many paths share it
/// (size, then a streamed re-hash), an LFS file's chunk map, and the entries the commit does not have at all.
/// </summary>
internal sealed class SnapshotChecker(HubCache cache, SemaphoreSlim hashSlots)
{
    public async Task<RepoVerification> CheckAsync(VerifyTarget target, CancellationToken ct)
    {
        if (target.Commit is not { } commit)
            return new RepoVerification(target, [], target.Findings, []);

        var repo = cache.Repo(target.Request.Repo);
        var byPath = target.Tree.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var selected = target.Request.Spec.Select(byPath.Keys).Select(p => byPath[p]).ToArray();
        var blobs = new ConcurrentDictionary<string, Lazy<Task<ContentCheck>>>(StringComparer.Ordinal);
        var checks = await Task.WhenAll(selected.Select(f => CheckFileAsync(repo, commit, f, blobs, ct)));

        var findings = new List<Finding>(target.Findings);
        var snapshotExists = Directory.Exists(repo.SnapshotFolder(commit));
        if (!snapshotExists && checks.Length > 0 && checks.All(c => c.Entry.Kind == EntryKind.Absent))
            findings.Add(new Finding(FindingKind.Missing, "", $"all {checks.Length} selected files: snapshot {commit} is not in the cache"));
        else
            findings.AddRange(checks.Select(c => c.ToFinding()).OfType<Finding>());

        var extras = target.ListingIsComplete
            ? Snapshot.Read(CacheLayout.BlobsFolder(repo.Folder), repo.SnapshotFolder(commit)).Entries.Where(e => !byPath.ContainsKey(e.RelativePath)).Select(e => e.RelativePath).ToArray()
            : [];
        findings.AddRange(extras.Select(path => new Finding(FindingKind.Extra, path, $"not a file of commit {RevisionName.ShortCommit(commit)}")));
        return new RepoVerification(target, checks, findings, extras);
    }

    private async Task<FileCheck> CheckFileAsync(RepoCache repo, string commit, RepoFile file,
        ConcurrentDictionary<string, Lazy<Task<ContentCheck>>> blobs, CancellationToken ct)
    {
        var entryPath = repo.SnapshotPath(commit, file.Path);
        var entry = ProbeSafely(entryPath);
        // Through a link into the shared blob store, its file is checked (and never deleted by --repair).
        var blob = await blobs.GetOrAdd(file.Etag, _ => new Lazy<Task<ContentCheck>>(() => HashAsync(repo.BlobContentPath(file.Etag), file, ct))).Value;
        var copy = entry.Kind == EntryKind.File ? await HashAsync(entryPath, file, ct) : null;
        var map = file.IsLfs ? ChunkMapCheck.Run(CacheLayout.XetChunkMapPath(repo.Folder, file.Etag), file, blob) : null;
        return new FileCheck(file, entry, RepoCache.RelativeBlobTarget(file.Path, file.Etag), blob, copy) { ChunkMap = map };
    }

    /// <summary>Hashing is bounded by --jobs across every repo: a disk reads a few large files at once well, not dozens.</summary>
    private async Task<ContentCheck> HashAsync(string path, RepoFile file, CancellationToken ct)
    {
        await hashSlots.WaitAsync(ct);
        try
        {
            return await ContentCheck.RunAsync(path, file, ct);
        }
        finally
        {
            hashSlots.Release();
        }
    }

    private static DiskEntry ProbeSafely(string path)
    {
        try
        {
            return DiskEntry.Probe(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return DiskEntry.Absent;
        }
    }
}
