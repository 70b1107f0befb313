namespace DownloadModels.Cache;

/// <summary>What a path in the cache is, without following a link.</summary>
internal enum EntryKind
{
    Absent,
    /// <summary>A regular file (or anything else that is neither a folder nor a link).</summary>
    File,
    Link,
    Folder,
}
