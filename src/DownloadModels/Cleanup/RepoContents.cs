using DownloadModels.Cache;
using DownloadModels.Inspection;

namespace DownloadModels.Cleanup;

/// <summary>
/// One repo folder as a cleanup needs it, read without following a single link: which blobs each snapshot
/// links to, the refs, the blobs and the partial downloads. A snapshot link counts only when it points
/// straight into the repo's own <c>blobs/</c>; anything else keeps nothing alive.
/// </summary>
internal sealed class RepoContents
{
    public const string Partial = ".incomplete";
    public const string Chunks = ".incomplete.chunks";

    /// <summary>A sidecar caught half-written by a kill (see Transfer/ChunkState).</summary>
    public const string ChunksTemp = ".incomplete.chunks.tmp";

    /// <summary>The Xet path's sidecar: the chunks of the partial file already written (see Xet/XetState).</summary>
    public const string XetChunks = ".incomplete.xet";

    private RepoContents(string folder) => Folder = folder;

    public string Folder { get; }

    /// <summary>Commit (the snapshot folder's name) → the names of the blobs its links point to.</summary>
    public Dictionary<string, HashSet<string>> Snapshots { get; } = new(StringComparer.Ordinal);

    /// <summary>Ref name (e.g. <c>main</c>, <c>refs/pr/1</c>) → the commit it holds; refs that hold none are left out.</summary>
    public SortedDictionary<string, string> Refs { get; } = new(StringComparer.Ordinal);

    /// <summary>Every entry of <c>blobs/</c> that is not a partial download, by name.</summary>
    public SortedSet<string> Blobs { get; } = new(StringComparer.Ordinal);

    /// <summary>The etags with a partial download (<c>{etag}.incomplete</c> and/or our <c>{etag}.incomplete.chunks</c>, or its <c>.tmp</c>).</summary>
    public SortedSet<string> Partials { get; } = new(StringComparer.Ordinal);

    public string BlobsFolder => Path.Combine(Folder, "blobs");

    public static RepoContents Read(string folder)
    {
        var contents = new RepoContents(folder);
        foreach (var (name, full) in SnapshotWalker.Entries(Path.Combine(folder, "refs")))
        {
            if (RefFile.Read(full, name).Commit is { } commit)
                contents.Refs[name] = commit;
        }

        foreach (var snapshot in Subfolders(Path.Combine(folder, "snapshots")))
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (_, full) in SnapshotWalker.Entries(snapshot))
            {
                if (DiskEntry.Probe(full).LinkTarget is not { } target)
                    continue;
                var resolved = Path.GetFullPath(target, Path.GetDirectoryName(full)!);
                if (Path.GetDirectoryName(resolved) == contents.BlobsFolder)
                    used.Add(Path.GetFileName(resolved));
            }

            contents.Snapshots[Path.GetFileName(snapshot)] = used;
        }

        foreach (var (name, _) in SnapshotWalker.Entries(contents.BlobsFolder))
        {
            if (name.Contains('/'))
                continue; // a folder inside blobs/ is nothing huggingface_hub wrote; left alone
            if (name.EndsWith(ChunksTemp, StringComparison.Ordinal))
                contents.Partials.Add(name[..^ChunksTemp.Length]);
            else if (name.EndsWith(Chunks, StringComparison.Ordinal))
                contents.Partials.Add(name[..^Chunks.Length]);
            else if (name.EndsWith(XetChunks, StringComparison.Ordinal))
                contents.Partials.Add(name[..^XetChunks.Length]);
            else if (name.EndsWith(Partial, StringComparison.Ordinal))
                contents.Partials.Add(name[..^Partial.Length]);
            else
                contents.Blobs.Add(name);
        }

        return contents;
    }

    /// <summary>The blobs some snapshot among <paramref name="commits"/> links to.</summary>
    public HashSet<string> UsedBy(IEnumerable<string> commits) =>
        commits.SelectMany(c => Snapshots.TryGetValue(c, out var used) ? used : []).ToHashSet(StringComparer.Ordinal);

    /// <summary>Real subfolders only: a link in place of a snapshot folder is not entered.</summary>
    private static string[] Subfolders(string folder)
    {
        if (DiskEntry.Probe(folder).Kind != EntryKind.Folder)
            return [];
        try
        {
            return [.. new DirectoryInfo(folder).EnumerateDirectories("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true })
                .Where(d => !d.Attributes.HasFlag(FileAttributes.ReparsePoint)).Select(d => d.FullName).Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
