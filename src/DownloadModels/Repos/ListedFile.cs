namespace DownloadModels.Repos;

/// <summary>
/// The one check of a listed file before it can name anything on disk, whatever listed it (the Hub's tree API,
/// a saved <c>trees/{commit}.json</c>): its path becomes a snapshot path and its hash a blob file name, so a
/// hostile listing must not be able to escape the repo folder. Errors are returned, not thrown: the Hub client
/// turns them into a protocol error, a saved tree that has one is unreadable.
/// </summary>
internal static class ListedFile
{
    /// <summary>
    /// The repo file an entry describes; <c>(null, null)</c> for a folder entry, <c>(null, message)</c> for an
    /// entry that is not safe or not complete. <paramref name="hasLfs"/> tells whether the entry has LFS fields.
    /// </summary>
    public static (RepoFile? File, string? Error) Check(string? type, string? path, string? oid, long? size,
        bool hasLfs, string? lfsSha256, long? lfsSize, string? xetHash, string what)
    {
        if (type == "directory")
            return (null, null);
        if (type != "file" || path is null || oid is null || size is not { } fileSize || fileSize < 0)
            return (null, $"{what}: a tree entry lacks its type, path, oid or size.");
        if (RepoPath.Validate(path) is { } pathError)
            return (null, $"{what}: refusing unsafe path {pathError}.");
        if (!Hex.IsLower(oid, 40))
            return (null, $"{what}: '{RepoPath.Shown(path)}' has an invalid git oid.");
        if (!hasLfs)
            return (new RepoFile(path, fileSize, oid, null), null);
        if (lfsSha256 is not { } sha || !Hex.IsLower(sha, 64) || lfsSize is not { } contentSize || contentSize < 0)
            return (null, $"{what}: '{RepoPath.Shown(path)}' has an invalid LFS sha256 or size.");
        return (new RepoFile(path, contentSize, oid, sha, XetHashOrNull(xetHash)), null);
    }

    /// <summary>
    /// A Xet hash is informational for us, so one that is not 64 lowercase hex is dropped rather than failing
    /// the download; huggingface_hub likewise refuses to cache a listing with an invalid one.
    /// </summary>
    private static string? XetHashOrNull(string? xetHash) => xetHash is not null && Hex.IsLower(xetHash, 64) ? xetHash : null;

    /// <summary>The message for a listing that names one path twice; null when every path is listed once.</summary>
    public static string? Duplicate(IEnumerable<RepoFile> files, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!seen.Add(file.Path))
                return $"{what}: the listing names '{RepoPath.Shown(file.Path)}' twice.";
        }

        return null;
    }
}
