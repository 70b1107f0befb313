namespace DownloadModels.Inspection;

/// <summary>
/// What verify can say about a file or a repo, most serious first (the order picks which word a line
/// gets when one file has several things wrong). Every kind but <see cref="Copy"/> is a problem.
/// </summary>
internal enum FindingKind
{
    /// <summary>The repo could not be checked at all (not in the cache, no commit known...).</summary>
    Error,
    Unreadable,
    Corrupt,
    Dangling,
    WrongLink,
    Missing,
    /// <summary>A ref that huggingface_hub would not resolve to this snapshot (absent, stale, trailing newline, garbage).</summary>
    Ref,
    /// <summary>A trees/{commit}.json huggingface_hub cannot use: our earlier releases' format (it crashes on it) or unreadable.</summary>
    Tree,
    Extra,
    /// <summary>A file's chunk map (<c>xet-chunks/{etag}</c>) that does not read back or does not fit its blob (only a cache: --repair deletes it).</summary>
    ChunkMap,
    /// <summary>A regular file where huggingface_hub would make a link (as it does where links are impossible); content verified.</summary>
    Copy,
}
