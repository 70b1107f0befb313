using System.Collections.Concurrent;
using DownloadModels.Cache;
using DownloadModels.Repos;
using DownloadModels.Xet;

namespace DownloadModels.Transfer;

/// <summary>A chunk map learnt from a reconstruction: its text, where it goes, the blob it describes, whether it was written there.</summary>
internal sealed record LearntMap(string MapPath, string BlobPath, string Text, bool Written);

/// <summary>
/// Learns chunk maps on demand (issue 22) for Xet blobs of the cache this tool did not download over Xet (written by
/// huggingface_hub, unpacked from a bundle, linked into the shared blob store, fetched over plain HTTP): a blob is a
/// candidate when a saved tree (<c>trees/{commit}.json</c>, huggingface_hub's format) names it with its xet hash, it
/// holds the same path as the file about to be downloaded (another revision of this repo first, then other repos in
/// this cache), and no map describes it yet. Its whole reconstruction (JSON only, never a xorb byte) gives where each
/// term lies. Bounded: at most <see cref="MaxPerFile"/> per file and <see cref="MaxPerRun"/> per run, each tried once
/// per run; any failure (a repo gone, a token refused, a store that does not know the hash) only means no map.
/// </summary>
internal sealed class ChunkMapLearner(CasClient cas, Func<RepoId, string, XetTokenSource> tokens)
{
    private const int MaxPerFile = 4;
    private const int MaxPerRun = 32;

    /// <summary>A file smaller than this is fetched whole: learning would cost more than it saves.</summary>
    public const long MinFileSize = 1024 * 1024;

    /// <summary>Saved trees larger than this (huge datasets) are not read for candidates.</summary>
    private const long MaxTreeBytes = 16L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, Lazy<Task<LearntMap?>>> _attempts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private Dictionary<string, List<Candidate>>? _byPath;
    private int _started;

    private sealed record Candidate(RepoId Repo, string Commit, string Folder, string Sha256, string XetHash, long Size, DateTime Seen);

    /// <summary>
    /// Learns the maps of up to <see cref="MaxPerFile"/> candidates for <paramref name="file"/> (about to be downloaded
    /// into <paramref name="target"/>); writes them beside their blobs unless <paramref name="write"/> is false
    /// (--dry-run). Returns every map learnt (this call or an earlier one of this run).
    /// </summary>
    public async Task<List<LearntMap>> LearnAsync(RepoCache target, RepoFile file, bool write, CancellationToken ct)
    {
        if (file.Size < MinFileSize)
            return [];
        var root = Path.GetDirectoryName(target.Folder)!;
        var candidates = Candidates(root, file.Path)
            .Where(c => c.Sha256 != file.LfsSha256 && Usable(c))
            .OrderByDescending(c => c.Folder == target.Folder).ThenByDescending(c => c.Seen)
            .DistinctBy(c => c.Folder + "/" + c.Sha256)
            .Take(MaxPerFile)
            .ToList();
        var learnt = new List<LearntMap>();
        foreach (var candidate in candidates)
        {
            var mapPath = CacheLayout.XetChunkMapPath(candidate.Folder, candidate.Sha256);
            var attempt = _attempts.GetOrAdd(mapPath, _ => new Lazy<Task<LearntMap?>>(() =>
                Interlocked.Increment(ref _started) > MaxPerRun ? Task.FromResult<LearntMap?>(null) : LearnOneAsync(candidate, mapPath, write, ct)));
            if (await attempt.Value is { } map)
                learnt.Add(map);
        }

        return learnt;
    }

    private async Task<LearntMap?> LearnOneAsync(Candidate candidate, string mapPath, bool write, CancellationToken ct)
    {
        try
        {
            var reconstruction = await cas.ReconstructAsync(tokens(candidate.Repo, candidate.Commit), candidate.XetHash, 0, candidate.Size, candidate.Size,
                $"{candidate.Repo} (Xet reconstruction of a cached file)", ct);
            if (reconstruction.OffsetIntoFirstRange != 0 || reconstruction.Terms.Sum(t => t.UnpackedLength) != candidate.Size)
                return null;
            var map = ChunkMap.FromReconstruction(reconstruction);
            var blobPath = CacheLayout.BlobPath(candidate.Folder, candidate.Sha256);
            var written = false;
            if (write)
            {
                try
                {
                    map.Write(mapPath, candidate.XetHash, candidate.Sha256, candidate.Size);
                    written = true;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A cache we may not write beside: the map serves this run from memory.
                }
            }

            return new LearntMap(mapPath, blobPath, map.ToText(candidate.XetHash, candidate.Sha256, candidate.Size), written);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return null; // only a cache: the file is fetched as it would be without it
        }
    }

    /// <summary>A candidate whose blob is there with its size and that no map describes yet.</summary>
    private static bool Usable(Candidate candidate)
    {
        var blob = new FileInfo(CacheLayout.BlobPath(candidate.Folder, candidate.Sha256));
        return blob.Exists && blob.Length == candidate.Size && !File.Exists(CacheLayout.XetChunkMapPath(candidate.Folder, candidate.Sha256));
    }

    /// <summary>Every Xet file the cache's saved trees name at <paramref name="path"/>; the trees are read once per run.</summary>
    private List<Candidate> Candidates(string root, string path)
    {
        lock (_gate)
        {
            _byPath ??= Index(root);
            return _byPath.TryGetValue(path, out var found) ? found : [];
        }
    }

    private static Dictionary<string, List<Candidate>> Index(string root)
    {
        var byPath = new Dictionary<string, List<Candidate>>(StringComparer.Ordinal);
        try
        {
            foreach (var folder in Directory.EnumerateDirectories(root))
            {
                if (!CacheLayout.TryParseRepoFolderName(Path.GetFileName(folder), out var type, out var id)
                    || !RepoId.TryParse(id, type switch { "dataset" => RepoType.Dataset, "space" => RepoType.Space, _ => RepoType.Model }, out var repo, out _))
                    continue;
                var trees = Path.Combine(folder, CacheLayout.Trees);
                if (!Directory.Exists(trees))
                    continue;
                foreach (var tree in new DirectoryInfo(trees).EnumerateFiles("*" + CacheLayout.TreeSuffix))
                {
                    var commit = Path.GetFileNameWithoutExtension(tree.Name);
                    if (tree.Length > MaxTreeBytes || !RevisionName.IsCommitHash(commit) || ReadTree(tree.FullName) is not { } files)
                        continue;
                    foreach (var file in files.Where(f => f.XetHash is not null && f.LfsSha256 is not null && f.Size > 0))
                    {
                        if (!byPath.TryGetValue(file.Path, out var list))
                            byPath[file.Path] = list = [];
                        list.Add(new Candidate(repo!, commit, folder, file.LfsSha256!, file.XetHash!, file.Size, tree.LastWriteTimeUtc));
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache we cannot read all of: the candidates found so far.
        }

        return byPath;
    }

    private static IReadOnlyList<RepoFile>? ReadTree(string path)
    {
        try
        {
            return SavedTree.Read(path).Files;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // one unreadable listing: its files are no candidates
        }
    }
}
