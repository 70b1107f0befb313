using System.Collections.Concurrent;
using DownloadModels.Hub;
using DownloadModels.Repos;
using DownloadModels.Xet;

namespace DownloadModels.Transfer;

/// <summary>
/// The Xet path of a run (docs/xet.md): decides which files it carries (LFS files the listing gives a xet hash),
/// shares one read token per repo and commit and one CAS client across them, and turns its failures into the run's
/// words: with --transport auto, a store that is absent (silently) or broken (said once) sends this and every later
/// file over HTTP; with --transport xet, it is the file's error.
/// </summary>
internal sealed class XetTransport(HubHttp http, TransferSettings settings, ConcurrencyController connections, TimeProvider time)
{
    private readonly CasClient _cas = new(http, settings.Retry);
    private readonly ConcurrentDictionary<string, XetTokenSource> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _noXet = new(StringComparer.Ordinal);

    // Per repo and commit: files the store said it does not know (404), while it knew none; FoundOne once it knew one.
    private readonly ConcurrentDictionary<string, int> _unknown = new(StringComparer.Ordinal);
    private ChunkMapLearner? _learner;
    private int _brokenSaid;
    private volatile string? _broken;

    /// <summary>
    /// With auto, once the store has said of this many files of a repo and commit that it does not know them (and
    /// knew none), the repo's other files go straight over HTTP: a listing that names xet hashes its store never
    /// heard of (a copy of the Hub's listing, a stand-in) would otherwise cost every file two reconstruction requests
    /// (v2, then v1) before its HTTP download. A store that knew one file of the repo is asked for every file.
    /// </summary>
    public const int UnknownFilesBeforeHttp = 8;

    private const int FoundOne = -1;

    public TransportMode Mode => settings.Transport;

    /// <summary>Learns chunk maps of cached blobs on demand, with a read token for each source's repo and commit.</summary>
    private ChunkMapLearner Learner => LazyInitializer.EnsureInitialized(ref _learner, () => new ChunkMapLearner(_cas, Tokens));

    private XetTokenSource Tokens(RepoId repo, string commit) =>
        _tokens.GetOrAdd(TokenKey(repo, commit), _ => new XetTokenSource(http, settings.Retry, TokenUrl(repo, commit), time));

    /// <summary>
    /// Whether this file goes through the Xet store: an LFS file with a xet hash, at a known commit, while the store
    /// works for this run. With auto, a partial file an HTTP download left (no Xet sidecar) is finished over HTTP.
    /// </summary>
    public bool Takes(BlobJob job, string partialPath)
    {
        var file = job.File;
        if (file.XetHash is null || file.LfsSha256 is null || job.Commit is null || file.Size == 0)
            return false;
        if (Mode == TransportMode.Auto && (_broken is not null || _noXet.ContainsKey(TokenKey(job.Repo.Repo, job.Commit))))
            return false;
        return Mode == TransportMode.Xet || !File.Exists(partialPath) || XetState.ExistsFor(partialPath);
    }

    /// <summary>
    /// With --transport xet, an LFS file the listing gave no xet hash (a lock or saved tree from before the Hub listed
    /// them) is looked up on resolve/ (X-Xet-Hash, never following the 302); the job then carries the hash, and the
    /// Hub's token route link is used for its repo and commit. Any other job is returned as it is.
    /// </summary>
    public async Task<BlobJob> RecogniseAsync(BlobJob job, CancellationToken ct)
    {
        var file = job.File;
        if (Mode != TransportMode.Xet || file.XetHash is not null || file.LfsSha256 is null || job.Commit is null || file.Size == 0)
            return job;
        var info = await XetResolveProbe.ProbeAsync(http, settings.Retry, job.ResolveUrl, file.LfsSha256, $"{job.Repo.Repo}/{file.Path}", ct);
        if (info is null)
            return job;
        if (info.TokenUrl is { } route)
            _tokens.TryAdd(TokenKey(job.Repo.Repo, job.Commit), new XetTokenSource(http, settings.Retry, route, time));
        return job with { File = file with { XetHash = info.XetHash } };
    }

    /// <summary>
    /// What --dry-run says would carry a file: Xet for an LFS file with a xet hash unless --transport http (auto may
    /// still fall back to HTTP when the endpoint turns out to have no Xet).
    /// </summary>
    public static BlobTransport Predict(RepoFile file, TransportMode mode) =>
        mode != TransportMode.Http && file.XetHash is not null && file.LfsSha256 is not null && file.Size > 0 ? BlobTransport.Xet : BlobTransport.Http;

    /// <summary>Fills the partial file from the Xet store and verifies it; the caller gives it its final name.</summary>
    public async Task<BlobResult> DownloadAsync(BlobJob job, string partialPath, FileProgress progress, CancellationToken ct)
    {
        var file = job.File;
        var xetFile = new XetFile($"{job.Repo.Repo}/{file.Path}", file.Size, file.XetHash!, file.LfsSha256!);
        var tokens = Tokens(job.Repo.Repo, job.Commit!);
        var gate = new ControllerGate(connections, settings.ConnectionsPerFile ?? TransferSettings.DefaultPendingConnections);
        var cache = job.Repo as Cache.RepoCache;
        try
        {
            // Reuse is planned for a fresh file only (a resumed one fetches what its sidecar lacks).
            var reuse = cache is not null && settings.ChunkReuse ? new XetReuse(c => SourcesAsync(cache, file, write: true, c), new ChunkMap()) : null;
            var outcome = await new XetFileDownload(http, settings.Retry, _cas, tokens, gate).RunAsync(xetFile, partialPath, new Progress(progress), ct, reuse);
            if (cache is not null && reuse is { Map.Count: > 0 })
                WriteMap(reuse.Map, MapPath(cache, file.LfsSha256!), xetFile);
            _unknown[TokenKey(job.Repo.Repo, job.Commit!)] = FoundOne;
            return new BlobResult(false, outcome.BytesReceived, outcome.BytesResumed, outcome.Retries) { Transport = BlobTransport.Xet, BytesReused = outcome.BytesReused };
        }
        catch (XetWriteException e)
        {
            throw new DiskWriteException(e.Disk);
        }
        catch (XetHashMismatchException e) when (Mode == TransportMode.Xet)
        {
            throw new FileVerificationException(e.Message);
        }
        catch (XetHashMismatchException e)
        {
            // A store whose bytes fail the hashes twice is a broken store: auto takes the bridge for the rest of the run.
            _broken ??= e.Message;
            throw new XetUnavailableException(e.Message, silent: false, e);
        }
        catch (XetUnavailableException e) when (Mode == TransportMode.Xet)
        {
            throw new HubException(HubErrorKind.Protocol, $"{xetFile.Path}: --transport xet, but {e.Message}; run with --transport auto or http to download it over HTTP.");
        }
        catch (XetUnavailableException e) when (e.FileOnly)
        {
            var key = TokenKey(job.Repo.Repo, job.Commit!);
            if (_unknown.AddOrUpdate(key, 1, (_, n) => n == FoundOne ? FoundOne : n + 1) >= UnknownFilesBeforeHttp)
                _noXet[key] = true;
            throw;
        }
        catch (XetUnavailableException e) when (e.Silent && !e.FileOnly)
        {
            _noXet[TokenKey(job.Repo.Repo, job.Commit!)] = true;
            throw;
        }
        catch (XetUnavailableException e) when (!e.FileOnly)
        {
            _broken ??= e.Message;
            throw;
        }
    }

    /// <summary>
    /// --dry-run: the bytes of <paramref name="file"/> (at <paramref name="commit"/>) the cache would give instead of the
    /// store; null when nothing in the cache can serve it or the store cannot say (JSON only, nothing written).
    /// </summary>
    public async Task<long?> EstimateReuseAsync(Cache.RepoCache cache, RepoFile file, string commit, CancellationToken ct)
    {
        if (!settings.ChunkReuse || Predict(file, Mode) != BlobTransport.Xet)
            return null;
        try
        {
            var sources = await SourcesAsync(cache, file, write: false, ct);
            if (sources.Runs == 0)
                return 0;
            var download = new XetFileDownload(http, settings.Retry, _cas, Tokens(cache.Repo, commit), new ControllerGate(connections, 1));
            return await download.EstimateReuseAsync(new XetFile($"{cache.Repo}/{file.Path}", file.Size, file.XetHash!, file.LfsSha256!), sources, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// Where the cache holds chunks: every chunk map of every repo, after learning the maps of cached blobs that may
    /// share chunks with <paramref name="file"/> (<see cref="ChunkMapLearner"/>; written beside them unless <paramref name="write"/> is false).
    /// </summary>
    private async Task<ChunkSources> SourcesAsync(Cache.RepoCache cache, RepoFile file, bool write, CancellationToken ct)
    {
        var learnt = await Learner.LearnAsync(cache, file, write, ct);
        var sources = ChunkSources.Load(KnownMaps(cache));
        foreach (var map in learnt.Where(m => !m.Written))
            sources.Add(map.Text, map.MapPath, map.BlobPath);
        return sources;
    }

    /// <summary>The one line a broken store earns in a run (null after the first time, or when it was silent).</summary>
    public string? FallbackNotice(XetUnavailableException e)
    {
        if (e.Silent || Interlocked.Exchange(ref _brokenSaid, 1) == 1)
            return null;
        return $"Xet storage: {e.Message}; downloading over HTTP instead (--transport http skips Xet).";
    }

    /// <summary>The chunk map of a cache blob: <c>{repo folder}/xet-chunks/{sha256}</c> (huggingface_hub ignores the folder).</summary>
    public static string MapPath(Cache.RepoCache repo, string sha256) => Cache.CacheLayout.XetChunkMapPath(repo.Folder, sha256);

    /// <summary>Every chunk map of every repo in the cache, with the blob it describes.</summary>
    private static IEnumerable<(string MapPath, string BlobPath)> KnownMaps(Cache.RepoCache repo)
    {
        var root = Path.GetDirectoryName(repo.Folder)!;
        IEnumerable<string> folders;
        try
        {
            folders = Directory.EnumerateDirectories(root).Where(d => Directory.Exists(Path.Combine(d, Cache.CacheLayout.XetChunkMaps))).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var folder in folders)
        {
            foreach (var map in Directory.EnumerateFiles(Path.Combine(folder, Cache.CacheLayout.XetChunkMaps)).Where(m => !m.EndsWith(".tmp", StringComparison.Ordinal)))
                yield return (map, Cache.CacheLayout.BlobPath(folder, Path.GetFileName(map)));
        }
    }

    /// <summary>A map that cannot be written costs only a later reuse: never the download.</summary>
    private static void WriteMap(ChunkMap map, string path, XetFile file)
    {
        try
        {
            map.Write(path, file.XetHash, file.Sha256, file.Size);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The blob is verified and in place; only its chunk map is missing.
        }
    }

    public Uri TokenUrl(RepoId repo, string commit) =>
        http.Connection.Url($"api/{repo.TypePlural}/{repo.Id}/xet-read-token/{Uri.EscapeDataString(commit)}");

    private static string TokenKey(RepoId repo, string commit) => $"{repo.TypePlural}/{repo.Id}@{commit}";

    /// <summary>The file's counters: bytes written move the bar, bytes received are what crossed the network.</summary>
    private sealed class Progress(FileProgress progress) : IXetProgress
    {
        public void SetDone(long bytes) => progress.SetDone(bytes);

        public void Wrote(int bytes) => progress.Wrote(bytes);

        public void Reused(int bytes) => progress.Copied(bytes);

        public void Received(int bytes) => progress.Transferred(bytes);
    }

    /// <summary>
    /// Xet requests share the run's <see cref="ConcurrencyController"/> with the HTTP path: each takes a lease, reports
    /// the bytes it carried, and a failed one (stall, reset, 5xx) counts as push-back.
    /// </summary>
    private sealed class ControllerGate(ConcurrencyController controller, int width) : IFetchGate
    {
        public int Width { get; } = width;

        public async ValueTask<IFetchTicket> EnterAsync(CancellationToken ct) => new Ticket(controller, await controller.AcquireAsync(ct));

        private sealed class Ticket(ConcurrencyController controller, IDisposable lease) : IFetchTicket
        {
            public void Completed(long bytes, bool failed)
            {
                controller.Transferred(bytes);
                if (failed)
                    controller.Congested();
            }

            public void Dispose() => lease.Dispose();
        }
    }
}
