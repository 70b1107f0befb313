using DownloadModels.Cache;
using DownloadModels.Engine;
using DownloadModels.Repos;

namespace DownloadModels.Mirror;

/// <summary>
/// Writes one cached model into the mirror folder as static files: its files at their resolve paths,
/// then the commit's tree and revision answers, then the revision's names (JSON and resolve/{rev}
/// link) last, so a client that reads the revision while a run is writing finds every file it names.
/// Every write is atomic and skipped when already done, so a re-run changes nothing and a run after
/// the branch moved adds the new commit beside the old one (clients mid-download keep their commit).
/// </summary>
internal sealed class MirrorWriter(MirrorLayout layout, HubCache cache)
{
    public MirroredModel Write(ModelRequest request, string commit)
    {
        var repo = request.Repo;
        var repoCache = cache.Repo(repo);
        var tree = repoCache.LoadTree(commit) ?? throw new MirrorException(
            $"{repo}@{RevisionName.ShortCommit(commit)}: the cache has no file list for this commit (trees/{commit}.json); run once without --offline, then mirror again.");
        var byPath = tree.ToDictionary(f => f.Path, StringComparer.Ordinal);
        // A pinned request (mirror --lock) serves exactly the locked files; the planner checked them against this commit's listing.
        var selected = request.Pinned?.Files.ToArray() ?? request.Spec.Select(byPath.Keys).Select(p => byPath[p]).ToArray();

        var outcomes = new List<PublishOutcome>();
        var notWorldReadable = 0;
        foreach (var file in selected)
        {
            if (!repoCache.HasBlob(file))
                throw new MirrorException($"{repo}/{file.Path}: its blob is not in the cache; run without --offline to fetch it, then mirror again.");
            var blob = repoCache.BlobContentPath(file.Etag);
            if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(blob).HasFlag(UnixFileMode.OtherRead))
                notWorldReadable++;
            outcomes.Add(BlobPublisher.Publish(blob, layout.FilePath(repo, commit, file.Path), file.Size));
        }

        // The listing names every file the mirror serves at this commit: this selection and earlier ones.
        var served = tree.Where(f => IsServed(repo, commit, f)).ToArray();
        var treeJson = MirrorDocuments.Tree(served);
        var revisionJson = MirrorDocuments.Revision(repo, commit, served);
        WriteAll(layout.TreePaths(repo, commit), treeJson);
        WriteAll(layout.RevisionPaths(repo, commit), revisionJson);
        if (request.Revision != commit)
        {
            foreach (var (link, target) in layout.RevisionLinks(repo, request.Revision, commit))
                PointLink(link, target);
            WriteAll(layout.TreePaths(repo, request.Revision), treeJson);
            WriteAll(layout.RevisionPaths(repo, request.Revision), revisionJson);
        }

        return new MirroredModel(repo, request.Revision, commit, selected.Length, selected.Sum(f => f.Size),
            outcomes.Count(o => o == PublishOutcome.Linked), outcomes.Count(o => o == PublishOutcome.Copied),
            outcomes.Count(o => o == PublishOutcome.Present), served.Length, notWorldReadable);
    }

    private bool IsServed(RepoId repo, string commit, RepoFile file)
    {
        var info = new FileInfo(layout.FilePath(repo, commit, file.Path));
        return info.Exists && info.LinkTarget is null && info.Length == file.Size;
    }

    private static void WriteAll(IEnumerable<string> paths, string content)
    {
        foreach (var path in paths)
        {
            RefuseFolder(path);
            // Unchanged answers keep their mtime, so the web server's ETag and Last-Modified stay the same.
            if (!File.Exists(path) || File.ReadAllText(path) != content)
                AtomicFile.WriteAllText(path, content);
        }
    }

    private static void PointLink(string link, string target)
    {
        RefuseFolder(link);
        if (new FileInfo(link).LinkTarget == target)
            return;
        var folder = Path.GetDirectoryName(link)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".tmp-{Guid.NewGuid():N}");
        File.CreateSymbolicLink(temp, target);
        try
        {
            // rename(2) swaps the link in one step: a client never finds resolve/{rev} missing.
            Posix.Rename(temp, link);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Two revisions whose names nest (a branch "refs" beside "refs/pr/1") cannot both be files in a
    /// static tree once a server decodes %2F: say so instead of failing on a rename.
    /// </summary>
    private static void RefuseFolder(string path)
    {
        if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null)
            throw new MirrorException($"{path} is a folder in the mirror (another revision's name nests under this one); mirror this revision into another folder.");
    }

}
