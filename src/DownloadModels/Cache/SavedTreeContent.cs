using DownloadModels.Repos;

namespace DownloadModels.Cache;

/// <summary>A saved tree as read from disk: its format, and its files when the format is one we read.</summary>
internal sealed record SavedTreeContent(SavedTreeFormat Format, IReadOnlyList<RepoFile>? Files)
{
    public static readonly SavedTreeContent Absent = new(SavedTreeFormat.Absent, null);
    public static readonly SavedTreeContent Unreadable = new(SavedTreeFormat.Unreadable, null);

    /// <summary>Whether writing the commit's listing over this file loses nothing worth keeping.</summary>
    public bool MayBeReplaced => Format is SavedTreeFormat.Absent or SavedTreeFormat.Unreadable;
}
