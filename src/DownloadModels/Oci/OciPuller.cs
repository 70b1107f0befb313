using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using DownloadModels.Cache;
using DownloadModels.Hub;
using DownloadModels.Repos;
using DownloadModels.Transfer;

namespace DownloadModels.Oci;

/// <summary>What pull did for one model: where its files are, how many bytes came over the network and how many were there.</summary>
internal sealed record PulledModel(OciModel Model, RepoId Repo, string Revision, string Commit, string SnapshotFolder, int Files, long BytesFetched, long BytesPresent, long BytesResumed);

/// <summary>
/// pull's core. First everything is read and checked without writing: the manifest (or index and its
/// manifests, each against its digest), every model's config, and the small git files (each against both its
/// OCI digest and its git oid). Then each model's files go through the same byte mover and destination as
/// <c>get</c> (<see cref="BlobDownloader"/> into an <see cref="IRepoDestination"/>: the cache's blobs,
/// snapshot links, trees file and ref, or a local dir): parallel ranges for large blobs, resumed across runs
/// from the partial file, verified against the digest before they get their name. A blob is fetched from
/// the first <c>--registry-mirror</c> that has it, else from the registry.
/// </summary>
internal sealed class OciPuller(RegistryClient registry, HttpClient client, IReadOnlyList<Uri> mirrors, IDownloadDestination destination,
    TransferSettings transfer, int jobs, bool refetch, Action<string> tell)
{
    private readonly ConcurrentDictionary<string, BlobDownloader> _downloaders = new(StringComparer.Ordinal);
    private readonly RegistryClient[] _mirrors = [.. mirrors.Select(registry.Mirror)];
    private readonly ConcurrentDictionary<string, byte[]> _small = new(StringComparer.Ordinal);
    private long _smallBytes;

    /// <summary>Manifests, configs and small files read while checking, before any blob download.</summary>
    public long BytesChecked => registry.BytesRead + _mirrors.Sum(m => m.BytesRead);

    /// <summary>Reads and checks the artifact; nothing is written.</summary>
    public async Task<(string Digest, IReadOnlyList<OciModel> Models)> ResolveAsync(OciReference reference, bool localDir, CancellationToken ct)
    {
        var where = reference.ToString();
        var (bytes, contentType, digest) = await registry.GetManifestAsync(reference.Reference, ct);
        var document = ModelPackReader.Parse(bytes, where);
        var models = new List<OciModel>();
        if (ModelPackReader.IsIndex(document, contentType))
        {
            foreach (var entry in ModelPackReader.Entries(document, where))
            {
                var entryWhere = reference.WithDigest(entry.Digest!).ToString();
                var (entryBytes, entryType, entryDigest) = await registry.GetManifestAsync(entry.Digest!, ct);
                if (entryBytes.Length != entry.Size)
                    throw new OciException($"{entryWhere} has {entryBytes.Length} bytes; the index says {entry.Size}: the index lies; nothing was written.");
                models.Add(ModelPackReader.Model(ModelPackReader.Parse(entryBytes, entryWhere), entryDigest, entryType, entryWhere));
            }
        }
        else
        {
            models.Add(ModelPackReader.Model(document, digest, contentType, where));
        }

        if (localDir && models.Count > 1)
            throw new OciException($"{where} holds {models.Count} models and --local-dir takes one: pull one of them by digest ({string.Join(", ", models.Take(3).Select(m => m.ManifestDigest[..19] + "…"))}), or pull into the cache.");
        foreach (var model in models)
        {
            var modelWhere = reference.WithDigest(model.ManifestDigest).ToString();
            if (model.Identity is null && !localDir)
                throw new OciException($"{modelWhere} carries no Hugging Face identity (it was made by another tool), so it has no place in the cache: pull it with --local-dir DIR.");
            ModelPackReader.CheckConfig(model, await SmallBlobAsync(model.Config.Digest!, ModelPackFormat.MaxConfigBytes, ct), modelWhere);
            await CheckSmallFilesAsync(model, modelWhere, ct);
        }

        return (digest, models);
    }

    /// <summary>
    /// A git (non-LFS) file's ETag is its git sha1, which the byte mover checks; its OCI digest (sha256) is
    /// checked here, in memory, together with the git sha1, before anything is written.
    /// </summary>
    private async Task CheckSmallFilesAsync(OciModel model, string where, CancellationToken ct)
    {
        var repo = destination.Repo(RepoOf(model));
        foreach (var layer in model.Layers.Where(l => !l.File.IsLfs && !_small.ContainsKey(l.Digest)))
        {
            if (!refetch && repo.HasFile(layer.File))
                continue;
            var bytes = await SmallBlobAsync(layer.Digest, (int)Math.Max(1, layer.File.Size), ct);
            if (bytes.Length != layer.File.Size || GitOid(bytes) != layer.File.GitOid)
                throw new OciException($"{where}: {RepoPath.Shown(layer.File.Path)} has the digest the manifest names, but not its size or git oid ({layer.File.GitOid}): the manifest lies; nothing was written.");
            _small[layer.Digest] = bytes;
            Interlocked.Add(ref _smallBytes, bytes.Length);
        }
    }

    /// <summary>
    /// A locked model taken from the artifact: the model of that repo at that commit, restricted to the locked
    /// files, each of which must be in it with the locked size and hashes (the byte mover then checks every
    /// byte against the lock).
    /// </summary>
    public static OciModel Pinned(IReadOnlyList<OciModel> artifact, RepoId repo, string revision, string commit, IReadOnlyList<RepoFile> files,
        IReadOnlyList<string> absent, string where)
    {
        var model = artifact.FirstOrDefault(m => m.Identity?.Repo == repo && m.Identity.Commit == commit)
            ?? throw new OciException($"{where} does not hold {repo} at the locked commit {RevisionName.ShortCommit(commit)}" +
                $"{(artifact.FirstOrDefault(m => m.Identity?.Repo == repo) is { } other ? $" (it has {RevisionName.ShortCommit(other.Identity!.Commit)})" : "")}: push the lock's set (push --lock) or sync from the Hub.");
        var layers = model.Layers.ToDictionary(l => l.File.Path, StringComparer.Ordinal);
        var pinned = new List<OciLayer>(files.Count);
        foreach (var file in files)
        {
            if (!layers.TryGetValue(file.Path, out var layer))
                throw new OciException($"{where}: {repo} lacks the locked file {RepoPath.Shown(file.Path)}: push the lock's set (push --lock).");
            if (layer.File.Size != file.Size || layer.File.GitOid != file.GitOid || layer.File.LfsSha256 != file.LfsSha256)
                throw new OciException($"{where}: {repo}/{RepoPath.Shown(file.Path)} differs from the lock (size or hash): the artifact is not the locked set; nothing was written.");
            pinned.Add(layer with { File = file });
        }

        return model with { Layers = pinned, Identity = model.Identity! with { Revision = revision, NoExist = absent } };
    }

    public async Task<PulledModel> PullAsync(OciModel model, CancellationToken ct)
    {
        var repoId = RepoOf(model);
        var repo = destination.Repo(repoId);
        var commit = model.Identity?.Commit ?? OciDigest.Hex64(model.ManifestDigest)[..40];
        var revision = model.Identity?.Revision ?? commit;
        long fetched = 0, present = 0, resumed = 0;
        using (await repo.HoldAsync(commit, revision, TransferSettings.LockPollInterval, () => tell($"[{repoId}] waiting for another process writing it"), ct))
        {
            await Parallel.ForEachAsync(model.Layers, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs), CancellationToken = ct }, async (layer, token) =>
            {
                var file = layer.File;
                var smallFetched = 0L;
                if (_small.TryRemove(layer.Digest, out var bytes))
                {
                    // Verified in memory already: handed to the byte mover as a complete partial file, which it verifies once more and places.
                    StagePartial(repo, file, bytes);
                    smallFetched = bytes.Length;
                }

                var (downloader, url) = await SourceAsync(layer.Digest, token);
                var progress = new FileProgress(repoId.Id, file.Path, file.Size);
                BlobResult result;
                try
                {
                    result = await downloader.DownloadAsync(new BlobJob(repo, file, url, repo.LockPath(file)) { Refetch = refetch && smallFetched == 0 }, progress,
                        message => tell($"[{repoId}] {message}"), token);
                }
                catch (FileVerificationException)
                {
                    throw new OciException($"{model.ManifestDigest[..19]}…: {RepoPath.Shown(file.Path)} arrived with content that does not match its digest {layer.Digest}: " +
                        $"the registry{(url.Host != registry.Base.Host || url.Port != registry.Base.Port ? " mirror" : "")} sent other bytes; they were discarded, nothing of the file was written.");
                }

                Interlocked.Add(ref fetched, result.BytesFetched + smallFetched);
                Interlocked.Add(ref resumed, result.BytesResumed);
                if (result.WasCached && smallFetched == 0)
                    Interlocked.Add(ref present, file.Size);
            });

            // Every file verified: now the snapshot links (or local-dir metadata), the listing, the markers and the ref last.
            foreach (var layer in model.Layers)
                repo.Place(commit, layer.File);
            repo.Complete(commit, revision, model.Identity?.Tree, model.Identity?.NoExist ?? []);
        }

        return new PulledModel(model, repoId, revision, commit, repo.SnapshotFolder(commit), model.Layers.Count, fetched, present, resumed);
    }

    /// <summary>The model's repo id; an artifact without one (local dir only) is named after the registry repository.</summary>
    private RepoId RepoOf(OciModel model) =>
        model.Identity?.Repo ?? (RepoId.TryParse(registry.Name[(registry.Name.LastIndexOf('/') + 1)..], RepoType.Model, out var repo, out _) ? repo! : new RepoId(RepoType.Model, "oci-artifact"));

    private static void StagePartial(IRepoDestination repo, RepoFile file, byte[] bytes)
    {
        if (repo.HasFile(file))
            return;
        var partial = repo.PartialPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        var temp = partial + $".{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, partial, overwrite: true);
    }

    /// <summary>A small blob from the first mirror that serves it with the right digest, else from the registry.</summary>
    private async Task<byte[]> SmallBlobAsync(string digest, int limit, CancellationToken ct)
    {
        foreach (var mirror in _mirrors)
        {
            try
            {
                return await mirror.GetSmallBlobAsync(digest, limit, ct);
            }
            catch (OciException)
            {
                // A mirror that lacks the blob, is down, or sends other bytes is passed over, as containerd does.
            }
        }

        return await registry.GetSmallBlobAsync(digest, limit, ct);
    }

    /// <summary>The first mirror that has the blob (HEAD 200), else the registry.</summary>
    private async Task<(BlobDownloader, Uri)> SourceAsync(string digest, CancellationToken ct)
    {
        foreach (var mirror in _mirrors)
        {
            try
            {
                if (!await mirror.HasBlobAsync(digest, ct))
                    continue;
            }
            catch (OciException)
            {
                continue;
            }

            return (Downloader(mirror), mirror.BlobUrl(digest));
        }

        return (Downloader(registry), registry.BlobUrl(digest));
    }

    /// <summary>One byte mover per source; the registry's renews its bearer token when it expires mid-run.</summary>
    private BlobDownloader Downloader(RegistryClient source) =>
        _downloaders.GetOrAdd(source.Base.AbsoluteUri, _ => new BlobDownloader(new HubHttp(client, source.Connection, source), transfer));

    private static string GitOid(byte[] content)
    {
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(Encoding.ASCII.GetBytes($"blob {content.Length.ToString(CultureInfo.InvariantCulture)}\0"));
        sha1.AppendData(content);
        return Convert.ToHexStringLower(sha1.GetHashAndReset());
    }
}
