using DownloadModels.Cache;
using DownloadModels.Xet;

namespace DownloadModels.Inspection;

/// <summary>
/// list's measure of what the cache shares (docs/xet.md): the <b>shared bytes</b> of a blob are the bytes of its
/// chunks that at least one other blob of the cache also holds, as the chunk maps say (a chunk is a xorb hash and a
/// chunk index). They are what an upgrade or a sibling repo copies from disk instead of fetching; a blob counts only
/// when it has a chunk map (it came over Xet) that fits it. A repo's figure sums its blobs', the cache's sums every
/// blob once. Each map is read once; the work is one pass over each xorb's runs, not over every chunk.
/// </summary>
internal static class SharedChunks
{
    /// <summary>
    /// A repo's maps that may be counted: each map whose blob is there with the size and name it gives, keyed by the
    /// blob's content file (a blob linked into the shared blob store is its store file, so two repos linking one
    /// file never count as two copies).
    /// </summary>
    public static IReadOnlyList<(string Holder, ChunkMapFile Map)> UsableMaps(RepoFolder repo)
    {
        if (repo.ChunkMaps.Count == 0)
            return [];
        var blobs = repo.Blobs.Where(b => !b.Name.Contains('/')).ToDictionary(b => b.Name, StringComparer.Ordinal);
        var usable = new List<(string, ChunkMapFile)>();
        foreach (var entry in repo.ChunkMaps)
        {
            if (entry.Etag is not { } etag || entry.Entry.Kind != EntryKind.File || !blobs.TryGetValue(etag, out var blob)
                || blob.ContentLength() is not { } length || ChunkMapFile.Read(entry.FullPath, out _) is not { } map || map.MismatchWith(etag, length) is not null)
                continue;
            usable.Add((Holder(blob), map));
        }

        return usable;
    }

    /// <summary>Each holder's shared bytes (holders with none are left out).</summary>
    public static Dictionary<string, long> Count(IEnumerable<(string Holder, ChunkMapFile Map)> maps)
    {
        var byXorb = new Dictionary<string, List<(string Holder, ChunkRun Run)>>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (holder, map) in maps)
        {
            if (!seen.Add(holder))
                continue; // one content file mapped twice (two repos linking one store file): one holder
            foreach (var run in map.Runs)
            {
                if (!byXorb.TryGetValue(run.Xorb, out var runs))
                    byXorb[run.Xorb] = runs = [];
                runs.Add((holder, run));
            }
        }

        var shared = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var runs in byXorb.Values)
        {
            if (runs.Select(r => r.Holder).Distinct(StringComparer.Ordinal).Take(2).Count() < 2)
                continue;
            // Every run starts and ends on a boundary, so each segment between two is wholly inside a run or outside it.
            var bounds = runs.SelectMany(r => new[] { r.Run.First, r.Run.End }).Distinct().Order().ToArray();
            for (var i = 0; i + 1 < bounds.Length; i++)
            {
                var (from, to) = (bounds[i], bounds[i + 1]);
                var covering = runs.Where(r => r.Run.First <= from && r.Run.End >= to).ToArray();
                if (covering.Select(r => r.Holder).Distinct(StringComparer.Ordinal).Take(2).Count() < 2)
                    continue;
                foreach (var (holder, run) in covering)
                    shared[holder] = shared.GetValueOrDefault(holder) + run.BytesOf(from, to);
            }
        }

        return shared;
    }

    /// <summary>The file that holds a blob's bytes: the blob itself, or the end of its link.</summary>
    private static string Holder(BlobEntry blob)
    {
        if (blob.Entry.Kind != EntryKind.Link)
            return blob.FullPath;
        try
        {
            return new FileInfo(blob.FullPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? blob.FullPath;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return blob.FullPath;
        }
    }
}
