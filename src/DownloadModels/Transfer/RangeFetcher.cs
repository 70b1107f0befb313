using System.Buffers;
using System.Net;
using DownloadModels.Hub;

namespace DownloadModels.Transfer;

/// <summary>
/// Fills a range target (the whole partial file, or one range of it) over HTTP, continuing with
/// <c>Range</c> from the byte reached after every transient failure. It remembers the signed CDN URL the
/// Hub redirected to, so a retry (or the next range) goes straight to the CDN, and forgets it when the CDN
/// says 403 (expired). While no URL is known, one request resolves and the file's other connections wait
/// for its answer instead of asking the Hub too. Each request holds one of the run's connection slots (its own,
/// or the one its caller holds across several ranges), and its read buffer only as long as that. What it sees
/// goes to the run's <see cref="ConcurrencyController"/>: bytes, the wait for the first byte, and push-back
/// (429, 5xx, resets, stalls).
/// </summary>
internal sealed class RangeFetcher(HubHttp http, RetryPolicy retry, BlobJob job, ConcurrencyController connections, int bufferSize)
{
    private readonly SemaphoreSlim _resolving = new(1, 1);
    private Uri? _signedUrl;
    private bool _servedDirectly;

    /// <summary>Returns how many attempts failed on the way. With a <paramref name="lease"/>, every attempt uses that slot; without, each waits for one.</summary>
    public async Task<int> FillAsync(IRangeTarget target, ConcurrencyController.ConnectionLease? lease, CancellationToken ct)
    {
        var failures = 0;
        var failuresWithoutProgress = 0;
        var refusedWaits = TimeSpan.Zero;
        // The furthest byte ever reached: progress means passing it, so a server that sends all but the
        // last byte and then forces a restart cannot reset the budget forever.
        var reached = target.Position;
        while (target.Position < target.End)
        {
            try
            {
                await FetchInSlotAsync(target, lease, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is not RangeNotSupportedException && RetryPolicy.IsTransient(e, ct))
            {
                failures++;
                if (e is not HubException { Kind: HubErrorKind.SignedUrlExpired })
                    connections.Congested();
                // An attempt that moved the file forward resets the budget: a link that keeps dropping
                // after useful progress still finishes, a dead one gives up after MaxRetries.
                failuresWithoutProgress = target.Position > reached ? 1 : failuresWithoutProgress + 1;
                reached = Math.Max(reached, target.Position);
                if (e is HubException { Kind: HubErrorKind.SignedUrlExpired } && failuresWithoutProgress <= retry.MaxRetries)
                    continue; // resolved again at once: the expired URL was forgotten
                if (retry.NextDelay(e, failuresWithoutProgress, ref refusedWaits, $"{job.Repo.Repo}/{job.File.Path}") is not { } delay)
                    throw NetworkErrors.Describe(e, http.Connection.Endpoint, job.File.Path);
                await Task.Delay(delay, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException)
            {
                throw NetworkErrors.Describe(e, http.Connection.Endpoint, job.File.Path);
            }
        }

        return failures;
    }

    /// <summary>One attempt: the resolve turn if this file has no CDN URL yet, then a connection slot and a buffer.</summary>
    private async Task FetchInSlotAsync(IRangeTarget target, ConcurrencyController.ConnectionLease? lease, CancellationToken ct)
    {
        using var turn = await ResolveTurnAsync(ct);
        var own = lease is null ? await connections.AcquireAsync(ct) : null;
        // Small files need small buffers (the pool hands out the next power of two), and so do slow connections:
        // a read returns what arrived, about 10 ms of it; many connections of a few MB/s keep memory flat.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(target.End - target.Position, 1, BufferFor(connections.PerConnectionRate)));
        try
        {
            await FetchOnceAsync(target, buffer, turn, ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            own?.Dispose();
        }
    }

    /// <summary>
    /// What a read buffer needs at this per-connection rate (0: unknown, the full size): 10 ms of bytes, 64 KiB at
    /// least; and, once the controller allows more requests than <see cref="FullBuffers"/>, its share of what that
    /// many full buffers take, so memory stays flat however far the limit grows (a limit of 64 on loopback held 64
    /// buffers of 256 KiB: 10 MiB more peak RSS on the default model set than the 16 of earlier versions).
    /// </summary>
    private int BufferFor(double rate)
    {
        var floor = Math.Min(SlowLinkBuffer, bufferSize);
        var byRate = rate > 0 ? (int)Math.Clamp(rate / 100, floor, bufferSize) : bufferSize;
        return Math.Max(floor, Math.Min(byRate, (int)((long)FullBuffers * bufferSize / Math.Max(1, connections.Limit))));
    }

    /// <summary>The smallest read buffer, whatever the rate.</summary>
    private const int SlowLinkBuffer = 64 * 1024;

    /// <summary>Requests in flight that each get a full-size buffer (the fixed cap of earlier versions); beyond, they share that memory.</summary>
    private const int FullBuffers = TransferSettings.InitialConnectionsDefault;

    /// <summary>Waits for the turn to resolve when no CDN URL is known; none is needed once one is.</summary>
    private async Task<ResolveTurn> ResolveTurnAsync(CancellationToken ct)
    {
        if (_signedUrl is not null || _servedDirectly)
            return new ResolveTurn(null);
        await _resolving.WaitAsync(ct);
        var turn = new ResolveTurn(_resolving);
        // Another connection may have resolved while this one waited.
        if (_signedUrl is not null)
            turn.Release();
        return turn;
    }

    private async Task FetchOnceAsync(IRangeTarget target, byte[] buffer, ResolveTurn turn, CancellationToken ct)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stall.CancelAfter(retry.StallTimeout);
        var url = _signedUrl ?? job.ResolveUrl;
        // What was asked for: the target's end may move down later (a steal), the server's answer may not go past this.
        var asked = target.End;
        long? rangeTo = target.OpenEnded ? null : asked - 1;
        var start = target.Position;
        var sent = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(url, start, stall.Token, rangeTo: rangeTo);
        var answered = response.RequestMessage?.RequestUri ?? url;
        await CheckStatusAsync(response, answered, target, askedRange: start > 0 || rangeTo is not null, stall.Token);
        if (answered != job.ResolveUrl)
            _signedUrl = answered;
        else
            _servedDirectly = true;
        turn.Release();

        if (response.Content.Headers.ContentEncoding.Any(e => e != "identity"))
            throw new HubException(HubErrorKind.Protocol, $"{job.File.Path}: the server sent compressed content despite Accept-Encoding: identity.");

        await using var body = await response.Content.ReadAsStreamAsync(stall.Token);
        // The stall timer restarts only once a window brings the floor's worth of bytes: a connection that
        // trickles (1 byte/s with a correct length, "ETA 873h") stalls like a silent one.
        var floorBytes = (long)(RetryPolicy.StallFloorBytesPerSecond * retry.StallTimeout.TotalSeconds);
        stall.CancelAfter(retry.StallTimeout);
        long sinceRestart = 0;
        while (target.Position < target.End)
        {
            var read = await body.ReadAsync(buffer, stall.Token);
            if (read == 0)
                break;
            if (sent != 0)
            {
                connections.FirstByte(System.Diagnostics.Stopwatch.GetElapsedTime(sent));
                sent = 0;
            }

            connections.Transferred(read);

            sinceRestart += read;
            if (sinceRestart >= floorBytes)
            {
                stall.CancelAfter(retry.StallTimeout);
                sinceRestart = 0;
            }

            if (target.Position + read > asked)
            {
                target.Restart();
                throw new HubException(HubErrorKind.Transient, $"{job.File.Path}: the server sent more bytes than asked for; starting over.");
            }

            try
            {
                // Past a stolen end the bytes belong to another connection: the target keeps only its own,
                // and the loop ends (disposing the response closes a connection that still has body to send).
                await target.AppendAsync(buffer.AsMemory(0, read), ct);
            }
            catch (IOException e)
            {
                throw new DiskWriteException(e);
            }
        }

        if (target.Position < target.End)
            throw new IOException($"{job.File.Path}: the body ended at byte {target.Position} of {target.End}.");
    }

    private async Task CheckStatusAsync(HttpResponseMessage response, Uri answered, IRangeTarget target, bool askedRange, CancellationToken ct)
    {
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            target.Restart();
            throw new HubException(HubErrorKind.Transient, $"{job.File.Path}: the server refused to continue at byte {target.Position}; starting over.");
        }

        if (response.StatusCode == HttpStatusCode.Forbidden && !http.Connection.IsEndpoint(answered))
        {
            _signedUrl = null;
            throw new HubException(HubErrorKind.SignedUrlExpired, $"{job.File.Path}: the CDN refused the signed URL (403, expired); resolving again.");
        }

        if (!response.IsSuccessStatusCode)
            throw await HubErrors.FromResponseAsync(response, job.Repo.Repo, job.File.Path, http.Connection.MaySeeToken(job.ResolveUrl), ct);

        if (askedRange && response.StatusCode == HttpStatusCode.OK)
        {
            // The server ignored Range (a CDN that chose to, or a plain static server): keep nothing twice.
            if (!target.IsWholeFile)
                throw new RangeNotSupportedException();
            target.Restart();
        }
        else if (response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From != target.Position)
        {
            target.Restart();
            throw new HubException(HubErrorKind.Transient, $"{job.File.Path}: the server answered a different range than asked; starting over.");
        }
    }
}
