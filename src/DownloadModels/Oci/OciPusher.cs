using System.Security.Cryptography;
using System.Text;
using DownloadModels.Bundle;
using DownloadModels.Cache;
using DownloadModels.Repos;

namespace DownloadModels.Oci;

/// <summary>What a push did: blobs sent, found in the registry, mounted from another repository; the digest the tag names.</summary>
internal sealed record PushResult(string Digest, int BlobsSent, long BytesSent, int BlobsSkipped, long BytesSkipped, int BlobsMounted, IReadOnlyList<(BundledRepo Repo, string Digest)> Models);

/// <summary>
/// push's core: the models (complete in the cache) as ModelPack manifests in one repository, and the tag on
/// the model's manifest (one model) or on an index of them (a set). Every blob is first looked up (HEAD) and
/// skipped when there; then mounted from <c>--mount-from</c> repositories when the registry offers it; else
/// sent, in one request when small, in chunks when large. An upload cut short is continued by the next
/// push from the byte the registry holds (its session is remembered under the cache's .oci-uploads).
/// </summary>
internal sealed class OciPusher(RegistryClient registry, HubCache cache, IReadOnlyList<string> mountFrom, long chunkSize, int parallel, Action<string> tell)
{
    private const int ChunkAttempts = 3;
    private long _bytesSent;

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public async Task<PushResult> PushAsync(IReadOnlyList<BundledRepo> repos, string tag, CancellationToken ct)
    {
        // Digests first: an LFS file's sha256 is its digest (no second hash); a small git file is hashed here.
        var blobs = new Dictionary<string, (string Path, long Size)>(StringComparer.Ordinal);
        var written = new List<(BundledRepo Repo, ModelPackWriter.Written Manifest)>();
        foreach (var repo in repos)
        {
            var repoCache = cache.Repo(repo.Repo);
            var digests = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var blob in repo.Blobs)
            {
                var path = repoCache.BlobContentPath(blob.Etag);
                var digest = blob.LfsSha256 is { } sha ? OciDigest.FromHex(sha) : OciDigest.FromHex(await HashAsync(path, ct));
                digests[blob.Etag] = digest;
                blobs.TryAdd(digest, (path, blob.Size));
            }

            var tree = repo.HasTree ? repoCache.LoadTree(repo.Commit) : null;
            written.Add((repo, ModelPackWriter.Manifest(repo, digests, tree)));
        }

        int sent = 0, skipped = 0, mounted = 0;
        long skippedBytes = 0;
        await Parallel.ForEachAsync(blobs, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (blob, token) =>
        {
            var outcome = await UploadAsync(blob.Key, blob.Value.Path, blob.Value.Size, token);
            switch (outcome)
            {
                case Outcome.Skipped:
                    Interlocked.Increment(ref skipped);
                    Interlocked.Add(ref skippedBytes, blob.Value.Size);
                    break;
                case Outcome.Mounted:
                    Interlocked.Increment(ref mounted);
                    break;
                default:
                    Interlocked.Increment(ref sent);
                    break;
            }
        });

        foreach (var (repo, manifest) in written)
        {
            if (!await registry.HasBlobAsync(manifest.ConfigDigest, ct))
                await UploadBytesAsync(manifest.ConfigDigest, manifest.Config, ct);
            await registry.PutManifestAsync(manifest.ManifestDigest, manifest.Manifest, ModelPackFormat.ManifestMediaType, ct);
            tell($"[{repo.Repo}] manifest {manifest.ManifestDigest} ({repo.Files.Count} files, commit {repo.ShortCommit})");
        }

        string digestTagged;
        if (written.Count == 1)
        {
            await registry.PutManifestAsync(tag, written[0].Manifest.Manifest, ModelPackFormat.ManifestMediaType, ct);
            digestTagged = written[0].Manifest.ManifestDigest;
        }
        else
        {
            var index = ModelPackWriter.Index(written);
            await registry.PutManifestAsync(tag, index, ModelPackFormat.IndexMediaType, ct);
            digestTagged = OciDigest.Of(index);
        }

        return new PushResult(digestTagged, sent, BytesSent, skipped, skippedBytes, mounted, [.. written.Select(w => (w.Repo, w.Manifest.ManifestDigest))]);
    }

    private enum Outcome
    {
        Sent,
        Skipped,
        Mounted,
    }

    private async Task<Outcome> UploadAsync(string digest, string path, long size, CancellationToken ct)
    {
        if (await registry.HasBlobAsync(digest, ct))
            return Outcome.Skipped;

        var statePath = StatePath(digest);
        long offset = 0;
        Uri? session = null;
        if (ReadState(statePath) is { } saved && await registry.UploadedAsync(saved, ct) is { } held && held <= size)
        {
            (session, offset) = (saved, held);
            tell($"resuming blob {digest[..19]}… at {offset} of {size} bytes");
        }

        if (session is null)
        {
            foreach (var source in mountFrom)
            {
                session = await registry.StartUploadAsync(digest, source, ct);
                if (session is null)
                    return Outcome.Mounted;
            }

            session ??= await registry.StartUploadAsync(digest, null, ct);
        }

        if (offset == 0 && size <= chunkSize)
        {
            await registry.FinishUploadAsync(session!, digest, path, 0, size, Count, ct);
            DeleteState(statePath);
            return Outcome.Sent;
        }

        WriteState(statePath, session!);
        for (var failures = 0; offset < size;)
        {
            var length = Math.Min(chunkSize, size - offset);
            try
            {
                session = await registry.SendChunkAsync(session!, path, offset, length, Count, ct);
                offset += length;
                WriteState(statePath, session);
            }
            catch (Exception e) when (e is OciException or IOException or HttpRequestException && !ct.IsCancellationRequested && ++failures < ChunkAttempts)
            {
                // Ask the registry how far it got, and go on from there.
                offset = await registry.UploadedAsync(session!, ct) ?? throw new OciException($"the registry dropped the upload of blob {digest} after an error: run push again.");
            }
        }

        await registry.FinishUploadAsync(session!, digest, path, 0, 0, Count, ct);
        DeleteState(statePath);
        return Outcome.Sent;
    }

    private async Task UploadBytesAsync(string digest, byte[] bytes, CancellationToken ct)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"download-models-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(temp, bytes, ct);
        try
        {
            var session = await registry.StartUploadAsync(digest, null, ct);
            await registry.FinishUploadAsync(session!, digest, temp, 0, bytes.Length, _ => { }, ct);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private void Count(long bytes) => Interlocked.Add(ref _bytesSent, bytes);

    /// <summary>Where an open upload session of this registry repository is remembered between runs.</summary>
    private string StatePath(string digest) => StatePath(cache.Root, registry.Base, registry.Name, digest);

    internal static string StatePath(string cacheRoot, Uri registryBase, string name, string digest)
    {
        var target = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{registryBase}{name}")))[..16];
        return Path.Combine(cacheRoot, ".oci-uploads", target, OciDigest.Hex64(digest));
    }

    private static Uri? ReadState(string path)
    {
        try
        {
            return File.Exists(path) && Uri.TryCreate(File.ReadAllText(path).Trim(), UriKind.Absolute, out var uri) ? uri : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void WriteState(string path, Uri session)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.WriteAllText(path, session.AbsoluteUri);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only resuming in a later run needs it.
        }
    }

    private static void DeleteState(string path)
    {
        try
        {
            File.Delete(path);
            var folder = Path.GetDirectoryName(path)!;
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
                var root = Path.GetDirectoryName(folder)!;
                if (!Directory.EnumerateFileSystemEntries(root).Any())
                    Directory.Delete(root);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static async Task<string> HashAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
