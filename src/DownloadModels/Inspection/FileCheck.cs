using DownloadModels.Cache;
using DownloadModels.Repos;

namespace DownloadModels.Inspection;

/// <summary>
/// Everything verify saw about one selected file: its snapshot entry, the link target it should have,
/// its blob, and (for a regular file in the snapshot) that file's own content.
/// </summary>
internal sealed record FileCheck(RepoFile File, DiskEntry Entry, string ExpectedTarget, ContentCheck Blob, ContentCheck? Copy)
{
    public bool LinkIsRight => Entry.Kind == EntryKind.Link && Entry.LinkTarget == ExpectedTarget;

    /// <summary>What is wrong with the file's chunk map (<see cref="ChunkMapCheck"/>); null when it fits or there is none.</summary>
    public string? ChunkMap { get; init; }

    /// <summary>The one line for this file, or null when all is well.</summary>
    public Finding? ToFinding()
    {
        var parts = new List<(FindingKind Kind, string Text)>();
        if (Blob.IsBad || Blob.State == ContentState.Unreadable)
            parts.Add((Blob.State == ContentState.Unreadable ? FindingKind.Unreadable : FindingKind.Corrupt, "blob " + Blob.Detail));
        switch (Entry.Kind)
        {
            case EntryKind.Absent:
                parts.Add((FindingKind.Missing, Blob.State switch
                {
                    ContentState.Missing => "not downloaded",
                    ContentState.Ok => "no snapshot link (the blob is in the cache)",
                    _ => "no snapshot link",
                }));
                break;
            case EntryKind.Folder:
                parts.Add((FindingKind.WrongLink, $"a folder where a link to {ExpectedTarget} should be"));
                break;
            case EntryKind.File when Copy is { State: ContentState.Ok }:
                parts.Add((FindingKind.Copy, "a regular file, not a link to the blob (its content is right)"));
                break;
            case EntryKind.File:
                parts.Add((Copy?.State == ContentState.Unreadable ? FindingKind.Unreadable : FindingKind.Corrupt, "regular file " + (Copy?.Detail ?? "unchecked")));
                break;
            case EntryKind.Link when !LinkIsRight:
                parts.Add((FindingKind.WrongLink, $"links to {Entry.LinkTarget}, expected {ExpectedTarget}" + (Blob.State == ContentState.Missing ? "; the blob is missing" : "")));
                break;
            case EntryKind.Link when Blob.State == ContentState.Missing:
                parts.Add((FindingKind.Dangling, $"links to {ExpectedTarget}, which is missing"));
                break;
        }

        if (ChunkMap is { } map)
            parts.Add((FindingKind.ChunkMap, $"chunk map {CacheLayout.XetChunkMaps}/{File.Etag}: {map}"));

        if (parts.Count == 0)
            return null;
        return new Finding(parts.Min(p => p.Kind), File.Path, string.Join("; ", parts.Select(p => p.Text)));
    }
}
