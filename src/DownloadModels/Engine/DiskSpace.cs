using DownloadModels.Cache;
using DownloadModels.Units;

namespace DownloadModels.Engine;

/// <summary>
/// Refuses a run that cannot fit before it starts, rather than filling the disk halfway through a
/// 3 GB file. Partial files already on disk count as fetched.
/// </summary>
internal static class DiskSpace
{
    public static long BytesStillNeeded(IReadOnlyList<PlanOutcome> plans, IDownloadDestination cache) =>
        plans.Where(p => p.Plan is not null).Sum(p =>
        {
            var repoCache = cache.Repo(p.Request.Repo);
            return p.Plan!.Files.Where(f => !f.Cached).DistinctBy(f => repoCache.FinalPath(f.File)).Sum(f =>
            {
                var partial = new FileInfo(repoCache.PartialPath(f.File));
                return Math.Max(0, f.File.Size - (partial.Exists ? partial.Length : 0));
            });
        });

    /// <summary>Null when the cache's filesystem has room for what is still to fetch; else the one-line refusal.</summary>
    public static string? Check(IReadOnlyList<PlanOutcome> plans, IDownloadDestination cache, Func<string, long> freeBytes) =>
        Check(cache.Root, BytesStillNeeded(plans, cache), needed => $"{ByteSize.Format(needed)} still to fetch", "--cache-dir (or --local-dir)", freeBytes);

    /// <summary>
    /// The one room check every command makes (download, unpack): null when the filesystem of <paramref name="root"/>
    /// (or of its nearest existing parent, when it is still to be made) has room for <paramref name="needed"/> bytes;
    /// else the one-line refusal, <paramref name="needs"/> saying what wants the bytes, and <paramref name="elsewhere"/>
    /// the options that choose another place.
    /// </summary>
    public static string? Check(string root, long needed, Func<long, string> needs, string elsewhere, Func<string, long> freeBytes)
    {
        if (needed == 0)
            return null;
        var existing = root;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
            existing = parent;
        var free = freeBytes(existing);
        return needed <= free ? null
            : $"not enough free space in {root}: {needs(needed)}, {ByteSize.Format(free)} free; free some space, choose another {elsewhere}, or pass --no-space-check.";
    }

    public static long FreeBytes(string path) => new DriveInfo(path).AvailableFreeSpace;
}
