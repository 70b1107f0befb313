using DownloadModels.Repos;

namespace DownloadModels.Engine;

/// <summary>
/// Compares a pinned listing with the Hub's listing of the same commit. A commit's files never change on
/// the Hub, so any difference means the lock was edited by hand or the endpoint serves other content than
/// the one the lock was written from; either way nothing is downloaded for that model.
/// </summary>
internal static class PinnedCheck
{
    private const int MaxShown = 5;

    /// <summary>Throws <see cref="PinMismatchException"/> naming the first differences.</summary>
    public static void Against(ModelRequest request, PinnedListing pinned, IReadOnlyList<RepoFile> hubFiles)
    {
        var byPath = hubFiles.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var file in pinned.Files)
        {
            if (!byPath.TryGetValue(file.Path, out var listed))
                problems.Add($"{RepoPath.Shown(file.Path)} is not a file of this commit");
            else if (Difference(file, listed) is { } difference)
                problems.Add($"{RepoPath.Shown(file.Path)}: {difference}");
        }

        foreach (var absent in pinned.AbsentOptional.Where(byPath.ContainsKey))
            problems.Add($"{RepoPath.Shown(absent)} is listed as absent but the commit has it");

        if (problems.Count > 0)
        {
            var shown = string.Join("; ", problems.Take(MaxShown)) + (problems.Count > MaxShown ? $"; and {problems.Count - MaxShown} more" : "");
            throw new PinMismatchException(
                $"{request.Repo}@{RevisionName.ShortCommit(pinned.Commit)}: the lock does not match the Hub's listing of this commit ({shown}); " +
                "the lock was edited or the endpoint serves other content: nothing of this model was downloaded. Run 'download-models lock' to write the lock again from the Hub.");
        }
    }

    private static string? Difference(RepoFile locked, RepoFile listed)
    {
        if (locked.LfsSha256 != listed.LfsSha256)
            return $"the lock says sha256 {locked.LfsSha256 ?? "none (not LFS)"}, the Hub lists {listed.LfsSha256 ?? "none (not LFS)"}";
        if (locked.GitOid != listed.GitOid)
            return $"the lock says git sha1 {locked.GitOid}, the Hub lists {listed.GitOid}";
        if (locked.Size != listed.Size)
            return $"the lock says {locked.Size} bytes, the Hub lists {listed.Size}";
        // A Xet hash is informational (mirrors leave it out on purpose): compared only when both have one.
        if (locked.XetHash is not null && listed.XetHash is not null && locked.XetHash != listed.XetHash)
            return $"the lock says xet hash {locked.XetHash}, the Hub lists {listed.XetHash}";
        return null;
    }
}
