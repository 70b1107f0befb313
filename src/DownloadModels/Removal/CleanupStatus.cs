namespace DownloadModels.Removal;

/// <summary>How one removal ended.</summary>
internal enum CleanupStatus
{
    /// <summary>Everything asked for was removed (or, for a dry run, would be); see the outcome's kept items and errors.</summary>
    Removed,

    /// <summary>The repo or revision is not in the cache: nothing to do.</summary>
    NotFound,

    /// <summary>A running download holds one of the repo's locks: nothing was removed (for rm, a target not done).</summary>
    InUse,

    /// <summary>prune left the repo alone because a download of ours is building a snapshot in it: not a failure.</summary>
    Busy,

    /// <summary>Not a repo folder this tool may delete (a link, a file): nothing was removed.</summary>
    Refused,
}
