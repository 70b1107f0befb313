using DownloadModels.Repos;

namespace DownloadModels.Hub;

/// <summary>
/// Checks each tree entry before it can name anything on disk: the path becomes a snapshot path and the
/// hash a blob file name, so a hostile listing must not be able to escape the repo folder.
/// </summary>
internal static class TreeEntries
{
    public static RepoFile? ToRepoFile(TreeEntryDto entry, string what)
    {
        if (entry.Type == "directory")
            return null;
        if (entry.Type != "file" || entry.Path is null || entry.Oid is null || entry.Size is not { } size || size < 0)
            throw new HubException(HubErrorKind.Protocol, $"{what}: a tree entry lacks its type, path, oid or size.");
        if (RepoPath.Validate(entry.Path) is { } pathError)
            throw new HubException(HubErrorKind.Protocol, $"{what}: refusing unsafe path {pathError}.");
        if (!Hex.IsLower(entry.Oid, 40))
            throw new HubException(HubErrorKind.Protocol, $"{what}: '{RepoPath.Shown(entry.Path)}' has an invalid git oid.");
        if (entry.Lfs is null)
            return new RepoFile(entry.Path, size, entry.Oid, null);
        if (entry.Lfs.Oid is not { } sha || !Hex.IsLower(sha, 64) || entry.Lfs.Size is not { } lfsSize || lfsSize < 0)
            throw new HubException(HubErrorKind.Protocol, $"{what}: '{RepoPath.Shown(entry.Path)}' has an invalid LFS sha256 or size.");
        return new RepoFile(entry.Path, lfsSize, entry.Oid, sha, XetHashOrNull(entry.XetHash));
    }

    /// <summary>
    /// A Xet hash is informational for us, so one that is not 64 lowercase hex is dropped rather than failing
    /// the download; huggingface_hub likewise refuses to cache a listing with an invalid one.
    /// </summary>
    public static string? XetHashOrNull(string? xetHash) => xetHash is not null && Hex.IsLower(xetHash, 64) ? xetHash : null;

    public static void RejectDuplicates(List<RepoFile> files, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!seen.Add(file.Path))
                throw new HubException(HubErrorKind.Protocol, $"{what}: the listing names '{RepoPath.Shown(file.Path)}' twice.");
        }
    }
}
