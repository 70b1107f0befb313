using System.Net;
using DownloadModels.Hub;

namespace DownloadModels.Transfer;

/// <summary>
/// Fills a partial blob from its current position to the end over HTTP, continuing with
/// <c>Range: bytes=N-</c> after every transient failure. It remembers the signed CDN URL the Hub
/// redirected to, so a retry goes straight to the CDN, and forgets it when the CDN says 403 (expired).
/// </summary>
internal sealed class RangeFetcher(HubHttp http, RetryPolicy retry, BlobJob job)
{
    private Uri? _signedUrl;

    /// <summary>Returns how many attempts failed on the way.</summary>
    public async Task<int> FillAsync(PartialBlob partial, byte[] buffer, CancellationToken ct)
    {
        var failures = 0;
        var failuresWithoutProgress = 0;
        while (!partial.IsComplete)
        {
            var before = partial.Position;
            try
            {
                await FetchOnceAsync(partial, buffer, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && RetryPolicy.IsTransient(e, ct))
            {
                failures++;
                // An attempt that moved the file forward resets the budget: a link that keeps dropping
                // after useful progress still finishes, a dead one gives up after MaxRetries.
                failuresWithoutProgress = partial.Position > before ? 1 : failuresWithoutProgress + 1;
                if (failuresWithoutProgress > retry.MaxRetries)
                    throw NetworkErrors.Describe(e, http.Connection.Endpoint, job.File.Path);
                if (e is not HubException { Kind: HubErrorKind.SignedUrlExpired })
                    await Task.Delay(retry.DelayFor(failuresWithoutProgress, RetryPolicy.ServerHint(e)), ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException)
            {
                throw NetworkErrors.Describe(e, http.Connection.Endpoint, job.File.Path);
            }
        }

        return failures;
    }

    private async Task FetchOnceAsync(PartialBlob partial, byte[] buffer, CancellationToken ct)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stall.CancelAfter(retry.StallTimeout);
        var url = _signedUrl ?? job.ResolveUrl;
        using var response = await http.GetAsync(url, partial.Position, stall.Token);
        var answered = response.RequestMessage?.RequestUri ?? url;
        await CheckStatusAsync(response, answered, partial, stall.Token);
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
            if (partial.Position + read > partial.File.Size)
            {
                partial.Restart();
                throw new HubException(HubErrorKind.Transient, $"{job.File.Path}: the server sent more than the {partial.File.Size} bytes the listing gives; starting over.");
            }

            await partial.AppendAsync(buffer.AsMemory(0, read), ct);
        }

        if (!partial.IsComplete)
            throw new IOException($"{job.File.Path}: the body ended at byte {partial.Position} of {partial.File.Size}.");
    }

    private async Task CheckStatusAsync(HttpResponseMessage response, Uri answered, PartialBlob partial, CancellationToken ct)
    {
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            partial.Restart();
            throw new HubException(HubErrorKind.Transient, $"{job.File.Path}: the server refused to continue at byte {partial.Position}; starting over.");
        }

        if (response.StatusCode == HttpStatusCode.Forbidden && !http.Connection.IsEndpoint(answered))
        {
            _signedUrl = null;
            throw new HubException(HubErrorKind.SignedUrlExpired, $"{job.File.Path}: the CDN refused the signed URL (403, expired); resolving again.");
        }

        if (!response.IsSuccessStatusCode)
            throw await HubErrors.FromResponseAsync(response, job.Repo.Repo, job.File.Path, http.Connection.MaySeeToken(job.ResolveUrl), ct);

        if (partial.Position > 0 && response.StatusCode == HttpStatusCode.OK)
        {
            // The server ignored Range (a CDN that chose to, or a plain static server): keep nothing twice.
            partial.Restart();
        }
        else if (response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From != partial.Position)
        {
            partial.Restart();
            throw new HubException(HubErrorKind.Transient, $"{job.File.Path}: the server answered a different range than asked; starting over.");
        }
    }
}
