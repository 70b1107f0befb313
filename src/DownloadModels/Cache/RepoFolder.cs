namespace DownloadModels.Cache;

/// <summary>
/// The one reading of a repo folder of the cache (see <see cref="CacheLayout"/>), for every command that
/// inspects or cleans it (list, verify, rm, prune, pack): its refs, its snapshots and what each entry links
/// to, its blobs, its partial downloads with their sidecars, its saved trees, its <c>.no_exist</c> markers and our
/// chunk maps of its Xet blobs (<c>xet-chunks/</c>).
/// Nothing here follows a link or writes. The rules, once:
/// <list type="bullet">
/// <item>A ref is read by <see cref="RefFile"/>.</item>
/// <item>A snapshot is a real folder under <c>snapshots/</c>; a link in its place is not entered.</item>
/// <item>A snapshot entry counts as a blob's when it links straight into the repo's own <c>blobs/</c>
/// (<see cref="SnapshotEntry.BlobName"/>); links to folders are listed, not entered (<see cref="SnapshotWalker"/>).</item>
/// <item>A <c>blobs/</c> entry whose name <see cref="PartialKinds"/> knows belongs to a partial download; every
/// other entry is a blob.</item>
/// </list>
/// </summary>
internal sealed class RepoFolder
{
    private RepoFolder(string path)
    {
        Path = path;
        Name = System.IO.Path.GetFileName(path);
        CacheRoot = System.IO.Path.GetDirectoryName(path)!;
    }

    /// <summary>The repo folder's full path.</summary>
    public string Path { get; }

    /// <summary>Its name in the cache, e.g. <c>models--org--name</c>.</summary>
    public string Name { get; }

    /// <summary>The cache folder it lives in.</summary>
    public string CacheRoot { get; }

    public string BlobsFolder => CacheLayout.BlobsFolder(Path);

    /// <summary>Every file under <c>refs/</c>, by name (e.g. <c>main</c>, <c>refs/pr/1</c>), as the ref rule reads it.</summary>
    public IReadOnlyList<RefFile> RefFiles { get; private set; } = [];

    /// <summary>Ref name → the commit it names; refs that name none are left out.</summary>
    public SortedDictionary<string, string> Refs { get; } = new(StringComparer.Ordinal);

    /// <summary>The snapshot folders, by commit (the folder's name), in ordinal order.</summary>
    public IReadOnlyList<Snapshot> Snapshots { get; private set; } = [];

    /// <summary>Every entry of <c>blobs/</c> that is not part of a partial download (nested names carry a '/').</summary>
    public IReadOnlyList<BlobEntry> Blobs { get; private set; } = [];

    /// <summary>The partial downloads, by etag: each with every file it has (the bytes and/or sidecars).</summary>
    public IReadOnlyList<PartialDownload> Partials { get; private set; } = [];

    /// <summary>
    /// The files of <c>xet-chunks/</c> (a real folder only): each blob's chunk map, named after the blob, and what
    /// interrupted map writes left (<see cref="ChunkMapEntry.IsTemp"/>). Maps are a cache of facts the Xet store can
    /// give again: rm removes a blob's map with the blob, prune the maps no blob backs, verify checks them.
    /// </summary>
    public IReadOnlyList<ChunkMapEntry> ChunkMaps { get; private set; } = [];

    /// <summary>The repo folder at <paramref name="path"/>, read now; an absent or unreadable part reads as empty.</summary>
    public static RepoFolder Read(string path)
    {
        var folder = new RepoFolder(path);
        var refFiles = new List<RefFile>();
        foreach (var (name, full) in SnapshotWalker.Entries(System.IO.Path.Combine(path, CacheLayout.Refs)))
        {
            var reference = RefFile.Read(full, name);
            refFiles.Add(reference);
            if (reference.Commit is { } commit)
                folder.Refs[name] = commit;
        }

        folder.RefFiles = refFiles;
        folder.Snapshots = [.. RealSubfolders(System.IO.Path.Combine(path, CacheLayout.Snapshots)).Select(s => Snapshot.Read(folder.BlobsFolder, s))];

        var blobs = new List<BlobEntry>();
        var partials = new SortedDictionary<string, List<PartialPart>>(StringComparer.Ordinal);
        foreach (var (name, full) in SnapshotWalker.Entries(folder.BlobsFolder))
        {
            if (!name.Contains('/') && PartialKinds.Match(name) is { } partial)
            {
                if (!partials.TryGetValue(partial.Etag, out var parts))
                    partials[partial.Etag] = parts = [];
                parts.Add(new PartialPart(partial.Kind, full, DiskEntry.Probe(full)));
            }
            else
            {
                blobs.Add(new BlobEntry(name, full, DiskEntry.Probe(full)));
            }
        }

        folder.Blobs = blobs;
        folder.Partials = [.. partials.Select(p => new PartialDownload(p.Key, p.Value))];
        var maps = CacheLayout.XetChunkMapsFolder(path);
        folder.ChunkMaps = DiskEntry.Probe(maps).Kind == EntryKind.Folder
            ? [.. SnapshotWalker.Entries(maps).Select(e => new ChunkMapEntry(e.RelativePath, e.FullPath, DiskEntry.Probe(e.FullPath)))]
            : [];
        return folder;
    }

    /// <summary>The saved tree files (<c>trees/{commit}.json</c>): each name relative to <c>trees/</c>, and its full path.</summary>
    public IEnumerable<(string Name, string FullPath)> TreeFiles() =>
        SnapshotWalker.Entries(System.IO.Path.Combine(Path, CacheLayout.Trees))
            .Where(e => e.RelativePath.EndsWith(CacheLayout.TreeSuffix, StringComparison.Ordinal));

    /// <summary>The repo paths with a <c>.no_exist</c> marker at <paramref name="commit"/>: regular files with a safe path only.</summary>
    public IEnumerable<string> NoExistMarkers(string commit) => NoExistMarkersOf(Path, commit);

    /// <summary><see cref="NoExistMarkers"/> of the repo folder at <paramref name="repoFolder"/>, without reading the rest of it.</summary>
    public static IEnumerable<string> NoExistMarkersOf(string repoFolder, string commit) =>
        SnapshotWalker.Entries(CacheLayout.NoExistFolder(repoFolder, commit))
            .Where(e => DiskEntry.Probe(e.FullPath).Kind == EntryKind.File && Repos.RepoPath.Validate(e.RelativePath) is null)
            .Select(e => e.RelativePath);

    /// <summary>The chunk map of the blob <paramref name="etag"/> (whether or not there is one).</summary>
    public string ChunkMapPath(string etag) => CacheLayout.XetChunkMapPath(Path, etag);

    /// <summary>huggingface_hub's lock for writing the blob <paramref name="etag"/> (and deleting it or its partial).</summary>
    public string BlobLockPath(string etag) => CacheLayout.BlobLockPath(CacheRoot, Name, etag);

    /// <summary>Our repo lock (see <see cref="CacheLayout.RepoLockName"/>).</summary>
    public string RepoLockPath => CacheLayout.RepoLockPath(CacheRoot, Name);

    /// <summary>The blobs some snapshot among <paramref name="commits"/> links to.</summary>
    public HashSet<string> UsedBy(IEnumerable<string> commits)
    {
        var wanted = commits.ToHashSet(StringComparer.Ordinal);
        return Snapshots.Where(s => wanted.Contains(s.Commit))
            .SelectMany(s => s.Entries).Select(e => e.BlobName).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Real subfolders only: a link in place of a folder is not entered.</summary>
    private static string[] RealSubfolders(string folder)
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

/// <summary>One snapshot folder: its commit (the folder's name), path, and every entry the walker lists.</summary>
internal sealed record Snapshot(string Commit, string Path, IReadOnlyList<SnapshotEntry> Entries)
{
    /// <summary>The snapshot folder at <paramref name="path"/> of the repo whose blob folder is <paramref name="blobs"/>.</summary>
    public static Snapshot Read(string blobs, string path)
    {
        var entries = SnapshotWalker.Entries(path).Select(e =>
        {
            var entry = DiskEntry.Probe(e.FullPath);
            var resolved = entry.Kind == EntryKind.Link
                ? System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(e.FullPath)!, entry.LinkTarget ?? ""))
                : null;
            var blobName = resolved is not null && System.IO.Path.GetDirectoryName(resolved) == blobs ? System.IO.Path.GetFileName(resolved) : null;
            return new SnapshotEntry(e.RelativePath, e.FullPath, entry, resolved, blobName);
        });
        return new Snapshot(System.IO.Path.GetFileName(path), path, [.. entries]);
    }
}

/// <summary>
/// One entry of a snapshot (a file or a link): its path in the repo, its full path, what lstat says, where its
/// link points (one hop, not followed further), and the repo blob it names when it points straight into <c>blobs/</c>.
/// </summary>
internal sealed record SnapshotEntry(string RelativePath, string FullPath, DiskEntry Entry, string? LinkResolved, string? BlobName);

/// <summary>One entry of <c>blobs/</c> that is not part of a partial download.</summary>
internal sealed record BlobEntry(string Name, string FullPath, DiskEntry Entry)
{
    /// <summary>The size of its content: the file's, or through a link (into the shared blob store) its target's; null when there is none.</summary>
    public long? ContentLength()
    {
        if (Entry.Kind == EntryKind.File)
            return Entry.Length;
        if (Entry.Kind != EntryKind.Link)
            return null;
        try
        {
            var target = new FileInfo(FullPath).ResolveLinkTarget(returnFinalTarget: true);
            return target is FileInfo { Exists: true } file ? file.Length : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>
/// One entry of <c>xet-chunks/</c>: the chunk map of the blob it is named after (<see cref="Etag"/>), or what a map
/// write left when it was killed (<see cref="IsTemp"/>); a name in a subfolder is neither (nothing of ours).
/// </summary>
internal sealed record ChunkMapEntry(string Name, string FullPath, DiskEntry Entry)
{
    public bool IsTemp => !Name.Contains('/') && Name.EndsWith(CacheLayout.XetChunkMapTempSuffix, StringComparison.Ordinal);

    /// <summary>The blob this map describes; null for a leftover or anything in a subfolder.</summary>
    public string? Etag => IsTemp || Name.Contains('/') ? null : Name;
}

/// <summary>One file of a partial download.</summary>
internal sealed record PartialPart(PartialKind Kind, string FullPath, DiskEntry Entry);

/// <summary>A download in flight (or abandoned): its etag and the files it left (<see cref="PartialKinds"/>).</summary>
internal sealed record PartialDownload(string Etag, IReadOnlyList<PartialPart> Parts)
{
    /// <summary>The partial bytes, when that file is there (a sidecar may be alone).</summary>
    public PartialPart? Data => Parts.FirstOrDefault(p => p.Kind.Role == PartialRole.Data);
}
