using System.Net;
using DownloadModels.Hub;

namespace DownloadModels.Transfer;

/// <summary>
/// Fills a range target (the whole partial file, or one chunk of it) over HTTP, continuing with
/// <c>Range</c> from the byte reached after every transient failure. It remembers the signed CDN URL the
/// Hub redirected to, so a retry (or the next chunk) goes straight to the CDN, and forgets it when the CDN
/// says 403 (expired). Each request holds one of the run's connection slots.
/// </summary>
internal sealed class RangeFetcher(HubHttp http, RetryPolicy retry, BlobJob job, SemaphoreSlim connections)
{
    private Uri? _signedUrl;

    /// <summary>Returns how many attempts failed on the way.</summary>
    public async Task<int> FillAsync(IRangeTarget target, byte[] buffer, CancellationToken ct)
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
                await connections.WaitAsync(ct);
                try
                {
                    await FetchOnceAsync(target, buffer, ct);
                }
                finally
                {
                    connections.Release();
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is not RangeNotSupportedException && RetryPolicy.IsTransient(e, ct))
            {
                failures++;
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

    private async Task FetchOnceAsync(IRangeTarget target, byte[] buffer, CancellationToken ct)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stall.CancelAfter(retry.StallTimeout);
        var url = _signedUrl ?? job.ResolveUrl;
        long? rangeTo = target.IsWholeFile ? null : target.End - 1;
        using var response = await http.GetAsync(url, target.Position, stall.Token, rangeTo: rangeTo);
        var answered = response.RequestMessage?.RequestUri ?? url;
        await CheckStatusAsync(response, answered, target, stall.Token);
        if (answered != job.ResolveUrl)
            _signedUrl = answered;

        if (response.Content.Headers.ContentEncoding.Any(e => e != "identity"))
            throw new HubException(HubErrorKind.Protocol, $"{job.File.Path}: the server sent compressed content despite Accept-Encoding: identity.");

        await using var body = await response.Content.ReadAsStreamAsync(stall.Token);
        while (true)
        {
            stall.CancelAfter(retry.StallTimeout);
            var read = await body.ReadAsync(buffer, stall.Token);
            if (read == 0)
                break;
            if (target.Position + read > target.End)
            {
                target.Restart();
                throw new HubException(HubErrorKind.Transient, $"{job.File.Path}: the server sent more bytes than asked for; starting over.");
            }

            try
            {
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

    private async Task CheckStatusAsync(HttpResponseMessage response, Uri answered, IRangeTarget target, CancellationToken ct)
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

        var askedRange = target.Position > 0 || !target.IsWholeFile;
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
