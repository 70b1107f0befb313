namespace DownloadModels.Mirror;

/// <summary>How a file came to be in the mirror.</summary>
internal enum PublishOutcome
{
    /// <summary>Already there with the right size (a re-run): left untouched, so its mtime and ETag stay.</summary>
    Present,

    /// <summary>A hard link to the cache's blob: no extra disk.</summary>
    Linked,

    /// <summary>A copy, because the mirror is on another file system than the cache (or links are refused).</summary>
    Copied,
}
