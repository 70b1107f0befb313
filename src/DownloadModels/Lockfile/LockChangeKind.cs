namespace DownloadModels.Lockfile;

/// <summary>What locking did to one entry; the report says it in words, so no commit ever moves unseen.</summary>
internal enum LockChangeKind
{
    /// <summary>The inputs did not change and no upgrade was asked: the entry is kept byte for byte, without asking the Hub.</summary>
    Unchanged,

    /// <summary>A new entry (or a new revision of a repo): resolved from the Hub.</summary>
    Added,

    /// <summary>An upgrade resolved the revision again and found the same commit and files.</summary>
    UpToDate,

    /// <summary>An upgrade moved the entry to another commit.</summary>
    Upgraded,

    /// <summary>The patterns changed: the files were selected again at the commit already locked.</summary>
    Reselected,

    /// <summary>The entry left the manifest, so it left the lock.</summary>
    Removed,

    /// <summary>The entry could not be resolved; no lock is written.</summary>
    Failed,
}
