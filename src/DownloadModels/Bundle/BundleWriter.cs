using System.Formats.Tar;
using System.Text;
using ZstdSharp;
using ZstdSharp.Unsafe;
using DownloadModels.Cache;
using DownloadModels.Repos;
using DownloadModels.Transfer;

namespace DownloadModels.Bundle;

/// <summary>
/// Writes a bundle: zstd over a PAX tar, manifest.json first, then per repo its ref, snapshot links
/// (relative targets, as in the cache), each blob once (streamed from disk and hashed on the way),
/// the saved tree and the .no_exist markers. Nothing is copied to a temporary file; memory is the
/// copy buffer plus zstd's window (per worker when compressing on several threads).
/// </summary>
internal sealed class BundleWriter(HubCache cache, int level, int threads, BundleProgress progress)
{
    private const UnixFileMode FileMode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Returns the bundle's size (compressed bytes written).</summary>
    public async Task<long> WriteAsync(Stream output, IReadOnlyList<BundledRepo> repos, byte[] manifest, DateTimeOffset created, CancellationToken ct)
    {
        var sink = new CountingWriteStream(output);
        var zstd = new CompressionStream(sink, level, leaveOpen: true);
        TarWriter? tar = null;
        try
        {
            // The frame checksum lets unpack tell a damaged stream from a damaged blob.
            zstd.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
            if (threads > 0)
                zstd.SetParameter(ZSTD_cParameter.ZSTD_c_nbWorkers, threads);
            tar = new TarWriter(zstd, TarEntryFormat.Pax, leaveOpen: true);
            await WriteBytesAsync(tar, BundleFormat.ManifestName, manifest, created, ct);
            foreach (var repo in repos)
                await WriteRepoAsync(tar, repo, created, ct);
            await tar.DisposeAsync();
        }
        catch
        {
            // Disposing writes the tar's end blocks and zstd's frame end: a reader would then take a
            // half-written bundle for a whole one. Drop them; the reader sees the bundle cut short.
            sink.Discard();
            if (tar is not null)
                await tar.DisposeAsync();
            await zstd.DisposeAsync();
            throw;
        }

        await zstd.DisposeAsync();
        await sink.FlushAsync(ct);
        return sink.Written;
    }

    private async Task WriteRepoAsync(TarWriter tar, BundledRepo repo, DateTimeOffset created, CancellationToken ct)
    {
        var repoCache = cache.Repo(repo.Repo);
        if (repo.HasRef)
            await WriteBytesAsync(tar, BundleFormat.Ref(repo), Encoding.ASCII.GetBytes(repo.Commit), created, ct);
        foreach (var file in repo.Files)
        {
            var link = new PaxTarEntry(TarEntryType.SymbolicLink, BundleFormat.Snapshot(repo, file.Path))
            {
                LinkName = RepoCache.RelativeBlobTarget(file.Path, file.Etag),
                ModificationTime = created,
                Mode = FileMode644 | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute,
            };
            await tar.WriteEntryAsync(link, ct);
        }

        foreach (var blob in repo.Blobs)
            await WriteBlobAsync(tar, repo, repoCache, blob, ct);
        if (repo.HasTree)
            await WriteBytesAsync(tar, BundleFormat.Tree(repo), await TreeBytesAsync(repoCache, repo.Commit, ct), created, ct);
        foreach (var marker in repo.NoExist)
            await WriteBytesAsync(tar, BundleFormat.NoExist(repo, marker), [], created, ct);
    }

    /// <summary>The saved tree as it is.</summary>
    private static Task<byte[]> TreeBytesAsync(RepoCache repoCache, string commit, CancellationToken ct) =>
        File.ReadAllBytesAsync(repoCache.TreePath(commit), ct);

    private async Task WriteBlobAsync(TarWriter tar, BundledRepo repo, RepoCache repoCache, RepoFile blob, CancellationToken ct)
    {
        // Through a link into the shared blob store, the store's file: the bundle carries the content.
        var path = repoCache.BlobContentPath(blob.Etag);
        using var hasher = ContentHasher.For(blob);
        long read = 0;
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        await using (var data = new HashingReadStream(file, hasher, n =>
        {
            read += n;
            progress.Add(n);
        }))
        {
            if (data.Length != blob.Size)
                throw new BundleException($"{repo.Repo}/{blob.Path}: the cached blob has {data.Length} bytes, not {blob.Size} (damaged on disk); delete {path} and run pack again to download it anew");
            var entry = new PaxTarEntry(TarEntryType.RegularFile, BundleFormat.Blob(repo, blob.Etag))
            {
                DataStream = data,
                ModificationTime = File.GetLastWriteTimeUtc(path),
                Mode = FileMode644,
            };
            await tar.WriteEntryAsync(entry, ct);
        }

        var actual = hasher.FinishHex();
        if (read != blob.Size || actual != hasher.Expected)
            throw new BundleException($"{repo.Repo}/{blob.Path}: the cached blob does not match its {hasher.Algorithm} (expected {hasher.Expected}, got {actual}: damaged on disk); delete {path} and run pack again to download it anew");
    }

    private static async Task WriteBytesAsync(TarWriter tar, string name, byte[] content, DateTimeOffset modified, CancellationToken ct)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = content.Length > 0 ? new MemoryStream(content, writable: false) : null,
            ModificationTime = modified,
            Mode = FileMode644,
        };
        await tar.WriteEntryAsync(entry, ct);
    }
}
