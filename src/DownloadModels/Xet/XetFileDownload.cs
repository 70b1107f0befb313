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
/// Chunk reuse for one download: <see cref="Sources"/> says where chunks the cache holds live; <see cref="Map"/>
/// collects this file's own chunk map as it is built (written by the caller once the file verified).
/// </summary>
internal sealed record XetReuse(IReadOnlyDictionary<(string Xorb, int Index), ChunkPlace> Sources, ChunkMap Map);

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
        for (var attempt = 1; ; attempt++)
        {
            List<(long Offset, int Length)> chunks;
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
                    if (attempt == 1 && first is not null && reuse is { Sources.Count: > 0 })
                        reused = await CopyKnownChunksAsync(first, reuse.Sources, handle, state, map, progress, ct);
                    retries += await FillAsync(file, state, new XorbFetcher(http, retry, handle, state, counter, map), first, ct);
                    first = null;
                }

                state.Flush();
                chunks = state.Chunks();
            }

            var (xetHash, sha256) = await XetVerifier.HashAsync(partialPath, chunks, ct);
            var wrong = xetHash != file.XetHash ? $"xet hash (expected {file.XetHash}, got {xetHash})"
                : sha256 != file.Sha256 ? $"sha256 (expected {file.Sha256}, got {sha256})"
                : null;
            if (wrong is null)
                return new XetOutcome(counter.Received, resumed.Value, retries) { BytesReused = reused };

            File.Delete(partialPath);
            XetState.DeleteFor(partialPath);
            progress.SetDone(0);
            reused = 0;
            if (attempt >= VerificationAttempts)
                throw new XetHashMismatchException($"{file.Path}: content from the Xet store does not match its {wrong} after {attempt} attempts; the bytes were discarded.");
        }
    }

    /// <summary>
    /// Walks the file's terms and copies, from the blobs the map names, every chunk of a term's known prefix and
    /// known suffix (inside a term, a chunk's place follows from the lengths before it, or after it): what is left
    /// are chunk-aligned gaps, fetched by the rounds as ranged reconstructions.
    /// </summary>
    private static async Task<long> CopyKnownChunksAsync(Reconstruction reconstruction, IReadOnlyDictionary<(string Xorb, int Index), ChunkPlace> sources,
        SafeFileHandle target, XetState state, ChunkMap map, IXetProgress progress, CancellationToken ct)
    {
        var handles = new Dictionary<string, SafeFileHandle?>(StringComparer.Ordinal);
        var buffer = new byte[ChunkHeader.MaxUncompressed];
        long reused = 0;
        async Task<bool> CopyAsync(string xorb, int index, ChunkPlace place, long offset)
        {
            if (!handles.TryGetValue(place.Blob, out var source))
            {
                try
                {
                    source = File.OpenHandle(place.Blob, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    source = null; // removed since the map was read: never a source
                }

                handles[place.Blob] = source;
            }

            if (source is null || await RandomAccess.ReadAsync(source, buffer.AsMemory(0, place.Length), place.Offset, ct) != place.Length)
                return false;
            try
            {
                await RandomAccess.WriteAsync(target, buffer.AsMemory(0, place.Length), offset, ct);
            }
            catch (IOException e)
            {
                throw new XetWriteException(e);
            }

            state.Add(offset, place.Length);
            map.Add(xorb, index, offset, place.Length);
            progress.Reused(place.Length);
            reused += place.Length;
            return true;
        }

        try
        {
            var position = -reconstruction.OffsetIntoFirstRange;
            foreach (var term in reconstruction.Terms)
            {
                var end = position + term.UnpackedLength;
                var at = position;
                var chunk = term.Start;
                for (; chunk < term.End && sources.TryGetValue((term.Xorb, chunk), out var place) && at + place.Length <= end; chunk++)
                {
                    if (!await CopyAsync(term.Xorb, chunk, place, at))
                        break;
                    at += place.Length;
                }

                for (var back = term.End - 1; back > chunk && sources.TryGetValue((term.Xorb, back), out var place) && end - place.Length >= at; back--)
                {
                    if (!await CopyAsync(term.Xorb, back, place, end - place.Length))
                        break;
                    end -= place.Length;
                }

                position += term.UnpackedLength;
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
