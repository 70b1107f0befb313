namespace DownloadModels.Cache;

/// <summary>
/// One path as lstat(2) sees it: links are reported, never followed, so a hostile cache cannot make an
/// inspection read outside it, loop, or block on a FIFO behind a link.
/// </summary>
internal sealed record DiskEntry(EntryKind Kind, string? LinkTarget, long Length, DateTime LastWriteUtc)
{
    public static readonly DiskEntry Absent = new(EntryKind.Absent, null, 0, default);

    public static DiskEntry Probe(string path)
    {
        var info = new FileInfo(path);
        var attributes = info.Attributes;
        if ((int)attributes == -1)
            return Absent;
        if (attributes.HasFlag(FileAttributes.ReparsePoint))
            return new DiskEntry(EntryKind.Link, info.LinkTarget, 0, info.LastWriteTimeUtc);
        return attributes.HasFlag(FileAttributes.Directory)
            ? new DiskEntry(EntryKind.Folder, null, 0, info.LastWriteTimeUtc)
            : new DiskEntry(EntryKind.File, null, info.Length, info.LastWriteTimeUtc);
    }
}
