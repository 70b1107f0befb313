using DownloadModels.Cache;
using DownloadModels.Errors;
using DownloadModels.Repos;
using DownloadModels.Xet;

namespace DownloadModels.Inspection;

/// <summary>
/// verify's check of a file's chunk map (<c>xet-chunks/{etag}</c>, written when the file came over Xet): it must read
/// back whole (<see cref="ChunkMapFile"/>: header, identity line, no chunk past its end) and name this file's sha256,
/// size and xet hash, and its blob must be there. Nothing is hashed here: the blob's own check judges its bytes. A map
/// is only a cache of facts the Xet store can give again, so <c>--repair</c> deletes a wrong one.
/// </summary>
internal static class ChunkMapCheck
{
    /// <summary>What is wrong with the map of <paramref name="file"/> at <paramref name="path"/>; null when it fits or there is none.</summary>
    public static string? Run(string path, RepoFile file, ContentCheck blob)
    {
        DiskEntry entry;
        try
        {
            entry = DiskEntry.Probe(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read ({SystemErrors.Describe(e)})";
        }

        if (entry.Kind == EntryKind.Absent)
            return null;
        if (entry.Kind != EntryKind.File)
            return $"is a {entry.Kind.ToString().ToLowerInvariant()}, not a file";
        if (ChunkMapFile.Read(path, out var problem) is not { } map)
            return problem;
        if (blob.State == ContentState.Missing)
            return "its blob is not in the cache";
        if (map.MismatchWith(file.Etag, file.Size) is { } mismatch)
            return mismatch;
        return file.XetHash is { } xetHash && map.XetHash != xetHash ? $"names xet hash {map.XetHash}, the listing says {xetHash}" : null;
    }
}
