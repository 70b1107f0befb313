namespace DownloadModels.Repos;

/// <summary>
/// One file of a repository at a commit, as the tree listing describes it.
/// <paramref name="GitOid"/> is the git blob sha1 of the content for regular files, but of the small
/// pointer file for LFS files, whose content identity is <paramref name="LfsSha256"/>.
/// <paramref name="XetHash"/> is the Xet content hash the Hub lists for Xet-backed files: never used to
/// download (a plain HTTP client fetches them like any LFS file), but carried into trees/{commit}.json,
/// where huggingface_hub looks for it, and it names the file in the cache-wide shared blob store.
/// </summary>
internal sealed record RepoFile(string Path, long Size, string GitOid, string? LfsSha256, string? XetHash = null)
{
    public bool IsLfs => LfsSha256 is not null;

    /// <summary>The blob name in the cache, as huggingface_hub derives it from the ETag.</summary>
    public string Etag => LfsSha256 ?? GitOid;
}
