using DownloadModels.Repos;

namespace DownloadModels.Hub;

/// <summary>The Hub's tree entries checked by <see cref="ListedFile"/>; a failed check is a protocol error.</summary>
internal static class TreeEntries
{
    public static RepoFile? ToRepoFile(TreeEntryDto entry, string what)
    {
        var (file, error) = ListedFile.Check(entry.Type, entry.Path, entry.Oid, entry.Size,
            entry.Lfs is not null, entry.Lfs?.Oid, entry.Lfs?.Size, entry.XetHash, what);
        return error is null ? file : throw new HubException(HubErrorKind.Protocol, error);
    }

    public static void RejectDuplicates(List<RepoFile> files, string what)
    {
        if (ListedFile.Duplicate(files, what) is { } error)
            throw new HubException(HubErrorKind.Protocol, error);
    }
}
