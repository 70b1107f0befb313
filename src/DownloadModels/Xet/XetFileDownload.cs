using System.Runtime.ExceptionServices;
using DownloadModels.Hub;
using Microsoft.Win32.SafeHandles;

namespace DownloadModels.Xet;

/// <summary>A file as the Xet path needs it: its size, its xet hash (to reconstruct and check) and sha256 (to check).</summary>
internal sealed record XetFile(string Path, long Size, string XetHash, string Sha256);

/// <summary>What one Xet download did: bytes received from the store, and bytes the partial file already held.</summary>
internal sealed record XetOutcome(long BytesReceived, long BytesResumed, int Retries)
{
    /// <summary>Bytes copied from chunks the cache already held (other revisions, other repos) instead of fetched.</summary>
    public long BytesReused { get; init; }
}

/// <summary>
/// Chunk reuse for one download: <see cref="Sources"/> says where chunks the cache holds live (asked only once the
/// store answered the file's reconstruction, so a store that cannot be reached costs no learning); <see cref="Map"/>
/// collects this file's own chunk map as it is built (written by the caller once the file verified).
/// </summary>
internal sealed record XetReuse(Func<CancellationToken, Task<ChunkSources>> Sources, ChunkMap Map);

/// <summary>
/// Brings one file from the Xet store into its partial file, resumable to the chunk: ask the CAS to reconstruct the
/// spans the sidecar does not hold yet (the whole file the first time), fetch their signed xorb ranges, several at
/// once, writing each chunk where it goes; repeat for what is still missing after an expired URL or a dropped
/// connection (with the usual backoff when a round made no progress). Then check sha256 and the xet hash in one
/// pass; a mismatch discards everything and starts once more, then fails naming the hash.
/// </summary>
internal sealed class XetFileDownload(HubHttp http, RetryPolicy retry, CasClient cas, XetTokenSource tokens, IFetchGate gate)
{
    /// <summary>A mismatching hash discards the bytes and tries once more from zero, as the HTTP path does.</summary>
    private const int VerificationAttempts = 2;

    /// <summary>
    /// Probes (one-byte ranged reconstructions of a source file, JSON only) that may find where a term lies in a source
    /// blob whose map knows only term ends: at most this many per file, in at most <see cref="ProbeRounds"/> rounds.
    /// </summary>
    private const int MaxProbes = 32;
    private const int ProbeRounds = 8;
    private const int ProbesAtOnce = 4;

    public async Task<XetOutcome> RunAsync(XetFile file, string partialPath, IXetProgress progress, CancellationToken ct, XetReuse? reuse = null)
    {
        var map = reuse?.Map ?? new ChunkMap();
        long reused = 0;
        var counter = new CountingProgress(progress);
        // A fresh file is reconstructed before anything is written: a CAS that does not know it, or cannot be
        // reached, leaves no partial file behind for the HTTP path to trip over.
        Reconstruction? first = null;
        if (!XetState.ExistsFor(partialPath))
        {
            try
            {
                first = await cas.ReconstructAsync(tokens, file.XetHash, 0, file.Size, file.Size, $"{file.Path} (Xet reconstruction)", ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && IsRoundFailure(e))
            {
                throw GiveUp(file, e);
            }
        }

        long? resumed = null;
        var retries = 0;
        var usedMaps = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 1; ; attempt++)
        {
            List<(long Offset, long Length, bool Span)> pieces;
            using (var state = XetState.Open(partialPath, file.XetHash, file.Size))
            {
                resumed ??= state.Covered;
                progress.SetDone(state.Covered);
                using (var handle = File.OpenHandle(partialPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read))
                {
                    if (RandomAccess.GetLength(handle) != file.Size)
                        RandomAccess.SetLength(handle, file.Size);
                    // Chunks the cache already holds are copied first, on the first attempt only: a second attempt
                    // (after a mismatch, maybe from a source changed on disk) takes nothing but the store's bytes.
                    if (attempt == 1 && first is not null && reuse is not null && await reuse.Sources(ct) is { Runs: > 0 } sources)
                        reused = await CopyKnownAsync(await PlanReuseAsync(file, first, sources, ct), handle, state, map, progress, usedMaps, ct);
                    retries += await FillAsync(file, state, new XorbFetcher(http, retry, handle, state, counter, map), first, ct);
                    first = null;
                }

                state.Flush();
                pieces = state.Pieces();
            }

            // With spans copied from the cache whose chunk boundaries are unknown, the xet hash cannot be computed:
            // sha256 over every byte is then the check (a source changed on disk fails it).
            string? wrong;
            try
            {
                var (xetHash, sha256) = await XetVerifier.HashAsync(partialPath, pieces, ct);
                wrong = xetHash is not null && xetHash != file.XetHash ? $"xet hash (expected {file.XetHash}, got {xetHash})"
                    : sha256 != file.Sha256 ? $"sha256 (expected {file.Sha256}, got {sha256})"
                    : null;
            }
            catch (XetDataException e) when (usedMaps.Count > 0)
            {
                // Pieces from a wrong map that do not tile the file with the fetched chunks: wrong bytes all the same.
                wrong = $"chunk layout ({e.Message})";
            }

            if (wrong is null)
                return new XetOutcome(counter.Received, resumed.Value, retries) { BytesReused = reused };

            // A map that led to wrong bytes (a blob changed on disk, a stale map) is dropped: it can be learnt again.
            foreach (var used in usedMaps)
                DiscardMap(used);
            usedMaps.Clear();
            File.Delete(partialPath);
            XetState.DeleteFor(partialPath);
            progress.SetDone(0);
            reused = 0;
            if (attempt >= VerificationAttempts)
                throw new XetHashMismatchException($"{file.Path}: content from the Xet store does not match its {wrong} after {attempt} attempts; the bytes were discarded.");
        }
    }

    /// <summary>
    /// --dry-run: the bytes of the file the cache would give instead of the store (its reconstruction and any probes,
    /// JSON only; no xorb byte is fetched, nothing is written).
    /// </summary>
    public async Task<long> EstimateReuseAsync(XetFile file, ChunkSources sources, CancellationToken ct)
    {
        var reconstruction = await cas.ReconstructAsync(tokens, file.XetHash, 0, file.Size, file.Size, $"{file.Path} (Xet reconstruction)", ct);
        return (await PlanReuseAsync(file, reconstruction, sources, ct)).Where(p => File.Exists(p.Run.Blob)).Sum(p => p.Length);
    }

    /// <summary>
    /// What the cache holds of the file <paramref name="reconstruction"/> describes (<see cref="ChunkSources.Plan"/>).
    /// Terms a source holds without a known boundary at either end are probed for: a one-byte ranged reconstruction of
    /// the source file names the chunk there and where it starts (JSON only). A probe that fails ends the probing;
    /// what is known is used.
    /// </summary>
    public async Task<List<ReusePiece>> PlanReuseAsync(XetFile file, Reconstruction reconstruction, ChunkSources sources, CancellationToken ct)
    {
        var probes = 0;
        for (var round = 0; ; round++)
        {
            var unplaced = new List<(XetTerm Term, SourceRun Run)>();
            var pieces = sources.Plan(reconstruction, unplaced);
            if (unplaced.Count == 0 || round >= ProbeRounds || probes >= MaxProbes)
                return pieces;
            var wanted = unplaced.DistinctBy(u => (u.Run, u.Term.Start)).Take(MaxProbes - probes).ToList();
            probes += wanted.Count;
            var learnt = 0;
            var failed = false;
            using (var atOnce = new SemaphoreSlim(ProbesAtOnce))
            {
                await Task.WhenAll(wanted.Select(async w =>
                {
                    await atOnce.WaitAsync(ct);
                    try
                    {
                        long at;
                        lock (w.Run)
                            at = Math.Clamp(ChunkSources.Estimate(w.Run, w.Term), 0, w.Run.BlobSize - 1);
                        var probe = await cas.ReconstructAsync(tokens, w.Run.XetHash, at, at + 1, w.Run.BlobSize, $"{file.Path} (Xet reconstruction of a cached source)", ct);
                        lock (w.Run)
                            Interlocked.Add(ref learnt, ChunkSources.Learn(w.Run, probe, at));
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        failed = true; // a source the store will not describe (another repo's token, gone): reuse what is known
                    }
                    finally
                    {
                        atOnce.Release();
                    }
                }));
            }

            if (learnt == 0 || failed)
                return sources.Plan(reconstruction);
        }
    }

    /// <summary>
    /// Copies the planned pieces from the blobs on disk into the partial file and records them: one chunk as a chunk
    /// (its boundaries known), several known only together as a span. A source that cannot be opened or read whole
    /// (removed since its map was read) gives nothing: those bytes are fetched.
    /// </summary>
    private static async Task<long> CopyKnownAsync(List<ReusePiece> pieces, SafeFileHandle target, XetState state, ChunkMap map, IXetProgress progress,
        HashSet<string> usedMaps, CancellationToken ct)
    {
        var handles = new Dictionary<string, SafeFileHandle?>(StringComparer.Ordinal);
        var buffer = new byte[CopyBlock];
        long reused = 0;
        try
        {
            for (var next = 0; next < pieces.Count;)
            {
                // Pieces that follow one another in the same blob and in the file are copied in one go (a map we wrote
                // knows every chunk: thousands of 64 KiB pieces), then recorded one by one.
                var first = next;
                var length = pieces[first].Length;
                for (next++; next < pieces.Count && length < MaxCopyGroup && pieces[next].Run.Blob == pieces[first].Run.Blob
                    && pieces[next].BlobOffset == pieces[first].BlobOffset + length && pieces[next].FileOffset == pieces[first].FileOffset + length; next++)
                    length += pieces[next].Length;
                var piece = pieces[first];
                if (!handles.TryGetValue(piece.Run.Blob, out var source))
                {
                    try
                    {
                        source = File.OpenHandle(piece.Run.Blob, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        source = null; // removed since the map was read: never a source
                    }

                    handles[piece.Run.Blob] = source;
                }

                if (source is null || !await CopyAsync(source, piece.BlobOffset, target, piece.FileOffset, length, buffer, ct))
                    continue;
                foreach (var copied in pieces.Skip(first).Take(next - first))
                {
                    if (copied.Exact)
                    {
                        state.Add(copied.FileOffset, (int)copied.Length);
                        map.Add(copied.Run.Xorb, copied.Start, copied.FileOffset, (int)copied.Length);
                    }
                    else
                    {
                        state.AddSpan(copied.FileOffset, copied.Length);
                        map.AddSpan(copied.Run.Xorb, copied.Start, copied.End, copied.FileOffset, copied.Length);
                    }

                    usedMaps.Add(copied.Run.MapPath);
                }

                for (var left = length; left > 0; left -= int.MaxValue)
                    progress.Reused((int)Math.Min(left, int.MaxValue));
                reused += length;
            }
        }
        finally
        {
            foreach (var handle in handles.Values)
                handle?.Dispose();
        }

        state.Flush();
        return reused;
    }

    private const int CopyBlock = 1024 * 1024;

    /// <summary>At most this much is copied before what was copied is recorded.</summary>
    private const long MaxCopyGroup = 64L * 1024 * 1024;

    private static async Task<bool> CopyAsync(SafeFileHandle source, long from, SafeFileHandle target, long to, long total, byte[] buffer, CancellationToken ct)
    {
        for (long done = 0; done < total;)
        {
            var length = (int)Math.Min(buffer.Length, total - done);
            if (await RandomAccess.ReadAsync(source, buffer.AsMemory(0, length), from + done, ct) != length)
                return false;
            try
            {
                await RandomAccess.WriteAsync(target, buffer.AsMemory(0, length), to + done, ct);
            }
            catch (IOException e)
            {
                throw new XetWriteException(e);
            }

            done += length;
        }

        return true;
    }

    private static void DiscardMap(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left in place: the next download's hashes judge it again.
        }
    }

    /// <summary>Rounds until every chunk is recorded; returns how many rounds failed on the way.</summary>
    private async Task<int> FillAsync(XetFile file, XetState state, XorbFetcher fetcher, Reconstruction? first, CancellationToken ct)
    {
        var failures = 0;
        var failuresWithoutProgress = 0;
        var refusedWaits = TimeSpan.Zero;
        while (state.Missing() is { Count: > 0 } missing)
        {
            var before = state.Covered;
            var pieces = Pieces(missing, gate.Width);
            var known = first is not null && pieces is [(0, var end)] && end == file.Size ? first : null;
            first = null;
            var (failure, expired) = await RoundAsync(file, pieces, known, fetcher, ct);
            if (failure is null && !expired)
            {
                if (state.Covered > before)
                    continue;
                failure = new XetDataException($"the Xet store's answers left bytes {missing[0].Start}-{missing[0].End - 1} unfilled");
            }

            failures++;
            failuresWithoutProgress = state.Covered > before ? 1 : failuresWithoutProgress + 1;
            if (failure is null && failuresWithoutProgress <= retry.MaxRetries)
                continue; // only expired URLs: reconstructed again at once for fresh ones
            failure ??= new XorbUrlExpiredException("xorb URLs kept expiring");
            if (retry.NextDelay(failure, failuresWithoutProgress, ref refusedWaits, file.Path) is not { } delay)
                throw GiveUp(file, failure);
            await Task.Delay(delay, ct);
        }

        return failures;
    }

    /// <summary>No piece of a span is cut smaller: each costs a reconstruction and up to a chunk fetched twice.</summary>
    private const long MinPiece = 8L * 1024 * 1024;

    /// <summary>
    /// The missing spans cut into about <paramref name="width"/> pieces of at least <see cref="MinPiece"/>: each piece
    /// is its own ranged reconstruction with its own signed ranges, so even a file that sits in one xorb is fetched
    /// over several connections (a signed range may not be split, a file range may).
    /// </summary>
    private static List<(long Start, long End)> Pieces(List<(long Start, long End)> missing, int width)
    {
        var total = missing.Sum(m => m.End - m.Start);
        var size = Math.Max(MinPiece, (total + Math.Max(width, 1) - 1) / Math.Max(width, 1));
        var pieces = new List<(long, long)>();
        foreach (var (start, end) in missing)
        {
            var count = Math.Max(1, (end - start + (size / 2)) / size);
            var step = (end - start + count - 1) / count;
            for (var at = start; at < end; at += step)
                pieces.Add((at, Math.Min(end, at + step)));
        }

        return pieces;
    }

    /// <summary>
    /// One reconstruction per missing span, then every xorb range of them, <see cref="IFetchGate.Width"/> at once. A
    /// range that fails leaves its span's rest missing for the next round; a disk error or Ctrl+C stops all of them.
    /// </summary>
    private async Task<(Exception? Failure, bool Expired)> RoundAsync(XetFile file, List<(long Start, long End)> missing, Reconstruction? known, XorbFetcher fetcher, CancellationToken ct)
    {
        var jobs = new List<XorbJob>();
        Exception? planFailure = null;
        using (var asking = new SemaphoreSlim(Math.Max(1, gate.Width)))
        {
            await Task.WhenAll(missing.Select(async span =>
            {
                await asking.WaitAsync(ct);
                try
                {
                    var reconstruction = known ?? await cas.ReconstructAsync(tokens, file.XetHash, span.Start, span.End, file.Size, $"{file.Path} (Xet reconstruction)", ct);
                    var planned = XorbJob.Plan(reconstruction, span.Start, span.End);
                    lock (jobs)
                        jobs.AddRange(planned);
                }
                catch (Exception e) when (!ct.IsCancellationRequested && IsRoundFailure(e))
                {
                    Interlocked.CompareExchange(ref planFailure, e, null);
                }
                finally
                {
                    asking.Release();
                }
            }));
        }

        if (jobs.Count == 0 && planFailure is not null)
            return (planFailure, false);
        jobs.Sort((a, b) => a.Placements.Min(p => p.FileStart).CompareTo(b.Placements.Min(p => p.FileStart)));

        var queue = new Queue<XorbJob>(jobs);
        Exception? failure = null;
        Exception? fatal = null;
        var expired = false;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        async Task WorkAsync()
        {
            while (true)
            {
                XorbJob job;
                lock (queue)
                {
                    if (!queue.TryDequeue(out job!))
                        return;
                }

                try
                {
                    using var ticket = await gate.EnterAsync(stop.Token);
                    await fetcher.FetchAsync(job, ticket, stop.Token);
                    cas.MarkAnswered();
                }
                catch (XorbUrlExpiredException)
                {
                    expired = true;
                }
                catch (Exception e) when (!stop.IsCancellationRequested && IsRoundFailure(e))
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                }
                catch (Exception e)
                {
                    // A disk error or Ctrl+C: the first one stops every range (theirs end as cancellations, not errors).
                    if (e is not OperationCanceledException || ct.IsCancellationRequested)
                        Interlocked.CompareExchange(ref fatal, e, null);
                    await stop.CancelAsync();
                    return;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Clamp(gate.Width, 1, Math.Max(1, jobs.Count))).Select(_ => WorkAsync()));
        if (fatal is not null)
            ExceptionDispatchInfo.Throw(fatal);
        ct.ThrowIfCancellationRequested();
        return (failure ?? planFailure, expired);
    }

    /// <summary>What a later round may cure: the network, the store's 429/5xx, bytes that did not decode or add up.</summary>
    private static bool IsRoundFailure(Exception e) => e is XetDataException or TimeoutException or IOException or HttpRequestException
        or HubException { IsTransient: true };

    /// <summary>
    /// Out of retries: a store that never answered sensibly in this run is unavailable (the caller may fall back to
    /// HTTP); one that did and then stopped is a lost link, reported as the HTTP path reports it (the partial stays).
    /// </summary>
    private Exception GiveUp(XetFile file, Exception failure)
    {
        if (failure is XetDataException data)
            return new XetUnavailableException($"the Xet store answered nonsense ({data.Message})", silent: false, data);
        if (!cas.Answered)
            return new XetUnavailableException($"the Xet store could not be reached ({NetworkErrors.Reason(failure)})", silent: false, failure);
        return NetworkErrors.Describe(failure, http.Connection.Endpoint, file.Path);
    }

    /// <summary>Counts the bytes received for this file (its figure in the result) as it passes them on.</summary>
    private sealed class CountingProgress(IXetProgress inner) : IXetProgress
    {
        private long _received;

        public long Received => Interlocked.Read(ref _received);

        public void SetDone(long bytes) => inner.SetDone(bytes);

        public void Wrote(int bytes) => inner.Wrote(bytes);

        public void Reused(int bytes) => inner.Reused(bytes);

        void IXetProgress.Received(int bytes)
        {
            Interlocked.Add(ref _received, bytes);
            inner.Received(bytes);
        }
    }
}
