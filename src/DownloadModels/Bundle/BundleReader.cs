using System.Formats.Tar;
using ZstdSharp;
using DownloadModels.Repos;

namespace DownloadModels.Bundle;

/// <summary>
/// Reads a bundle as a stream, once: the manifest first, then every entry checked against it while it
/// passes (name, type, link target, size, hash). Blobs go to the staging folder the caller names (or
/// only through the hash, when the target already has them); nothing touches the cache itself.
/// Any defect is a <see cref="BundleException"/>.
/// </summary>
internal sealed class BundleReader : IAsyncDisposable
{
    private const int MaxTrailingBytes = 1 << 20;
    private readonly DecompressionStream _zstd;
    private readonly TarReader _tar;
    private byte[]? _treeBuffer;

    private BundleReader(DecompressionStream zstd, TarReader tar, BundleContents contents)
    {
        _zstd = zstd;
        _tar = tar;
        Contents = contents;
    }

    public BundleContents Contents { get; }

    public static async Task<BundleReader> OpenAsync(Stream input, CancellationToken ct)
    {
        var zstd = new DecompressionStream(input, leaveOpen: true);
        var tar = new TarReader(new TarMetadataGuard(zstd), leaveOpen: true);
        try
        {
            var first = await TarInput.NextAsync(tar, ct) ?? throw new BundleException("the bundle is empty");
            if (first.Name != BundleFormat.ManifestName || first.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                throw new BundleException($"the bundle does not start with {BundleFormat.ManifestName}: it was not made by download-models pack");
            if (first.Length > BundleFormat.MaxManifestBytes)
                throw new BundleException($"{BundleFormat.ManifestName} is larger than {BundleFormat.MaxManifestBytes} bytes");
            var contents = ManifestCodec.Parse(await TarInput.ReadSmallAsync(first, ct));
            return new BundleReader(zstd, tar, contents);
        }
        catch
        {
            await tar.DisposeAsync();
            await zstd.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads every entry; <paramref name="staging"/> says where a blob or a saved tree goes (null: check it only).</summary>
    public async Task<IReadOnlyList<StagedRepo>> ExtractAsync(StagingArea staging, BundleProgress progress, CancellationToken ct)
    {
        var repos = Contents.Repos.Select(r => new StagedRepo(r)).ToArray();
        var expected = ExpectedEntry.Index(repos);
        var seen = new HashSet<string>(StringComparer.Ordinal) { BundleFormat.ManifestName };
        while (await TarInput.NextAsync(_tar, ct) is { } entry)
        {
            if (!expected.TryGetValue(entry.Name, out var what))
                throw new BundleException(EntryChecks.Unexpected(entry));
            if (!seen.Add(entry.Name))
                throw new BundleException($"entry '{entry.Name}' appears twice");
            EntryChecks.CheckType(entry, what.Kind);
            switch (what.Kind)
            {
                case BundleEntryKind.Blob:
                    what.Repo.Blobs[what.File!.Etag] = await BlobExtractor.ExtractAsync(entry, what.Repo.Bundled, what.File, staging.PathFor(what.Repo.Bundled, what.File), progress, ct);
                    break;
                case BundleEntryKind.Link:
                    EntryChecks.CheckLink(entry, what.File!);
                    break;
                case BundleEntryKind.Ref:
                    EntryChecks.CheckRef(entry, what.Repo.Bundled, entry.Length <= 64 ? await TarInput.ReadSmallAsync(entry, ct) : null);
                    break;
                case BundleEntryKind.NoExist:
                    EntryChecks.CheckEmpty(entry);
                    break;
                case BundleEntryKind.Tree:
                    await StageTreeAsync(entry, what.Repo, staging, ct);
                    break;
            }
        }

        var missing = expected.Keys.Where(name => !seen.Contains(name)).ToArray();
        if (missing.Length > 0)
            throw new BundleException($"the bundle ends without '{missing[0]}'{(missing.Length > 1 ? $" and {missing.Length - 1} more entries" : "")}: it was cut short, or does not match its manifest");
        await DrainAsync(ct);
        return repos;
    }

    /// <summary>
    /// Checks a saved tree in one buffer reused for every tree of the bundle (memory stays flat however many
    /// it holds), then stages it on disk (none in a dry run), from where it is merged.
    /// </summary>
    private async Task StageTreeAsync(TarEntry entry, StagedRepo repo, StagingArea staging, CancellationToken ct)
    {
        if (entry.Length > BundleFormat.MaxTreeBytes)
        {
            EntryChecks.CheckTree(entry, repo.Bundled, null);
            return;
        }

        if (_treeBuffer is null || _treeBuffer.Length < entry.Length)
            _treeBuffer = new byte[Math.Max(entry.Length, Math.Min(BundleFormat.MaxTreeBytes, 2 * (_treeBuffer?.Length ?? 0)))];
        var tree = EntryChecks.CheckTree(entry, repo.Bundled, await TarInput.ReadIntoAsync(entry, _treeBuffer, ct));
        if (staging.TreePathFor(repo.Bundled, tree.Length) is not { } treeFile)
            return;
        await using (var file = new FileStream(treeFile, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            await file.WriteAsync(tree, ct);
        repo.TreeFile = treeFile;
    }

    /// <summary>
    /// Reads to the end of the zstd frame (which checks its checksum) and of the input, so a writer on the
    /// other end of a pipe finishes cleanly; only the tar's zero padding may remain, a little of it.
    /// </summary>
    private async Task DrainAsync(CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        long trailing = 0;
        int read;
        while ((read = await TarInput.ReadAsync(_zstd, buffer, ct)) > 0)
        {
            trailing += read;
            if (trailing > MaxTrailingBytes || buffer.AsSpan(0, read).ContainsAnyExcept((byte)0))
                throw new BundleException("the bundle has data after its end");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _tar.DisposeAsync();
        await _zstd.DisposeAsync();
    }

}
