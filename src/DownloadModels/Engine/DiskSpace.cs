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
    public static string? Check(IReadOnlyList<PlanOutcome> plans, IDownloadDestination cache, Func<string, long> freeBytes)
    {
        var needed = BytesStillNeeded(plans, cache);
        return needed == 0 ? null
            : Refusal(cache.Root, needed, $"{ByteSize.Format(needed)} still to fetch", "--cache-dir (or --local-dir)", FreeBytesAt(cache.Root, freeBytes));
    }

    /// <summary>
    /// The one refusal every room check gives (download, unpack): null when <paramref name="needed"/> bytes fit in
    /// <paramref name="free"/>; else the line, <paramref name="needs"/> saying what wants the bytes and
    /// <paramref name="elsewhere"/> the options that choose another place.
    /// </summary>
    public static string? Refusal(string root, long needed, string needs, string elsewhere, long free) =>
        needed <= free ? null
            : $"not enough free space in {root}: {needs}, {ByteSize.Format(free)} free; free some space, choose another {elsewhere}, or pass --no-space-check.";

    /// <summary>The free bytes of the filesystem <paramref name="root"/> is on (or will be: its nearest existing parent's).</summary>
    public static long FreeBytesAt(string root, Func<string, long>? freeBytes = null)
    {
        var existing = root;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
            existing = parent;
        return (freeBytes ?? FreeBytes)(existing);
    }

    public static long FreeBytes(string path) => new DriveInfo(path).AvailableFreeSpace;
}
