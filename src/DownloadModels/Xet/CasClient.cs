using System.Net;
using System.Net.Http.Headers;
using DownloadModels.Hub;

namespace DownloadModels.Xet;

/// <summary>
/// The CAS's reconstruction API for one run: <c>/v2/reconstructions/{hash}</c> with a <c>Range</c> for part of a
/// file, falling back to <c>/v1</c> when the CAS answers 404 or 501 (remembered for the rest of the run). Sends the
/// CAS token and nothing of the Hub's; a 401 fetches a new token and asks again; 429 and 5xx are retried as every
/// other request is.
/// </summary>
internal sealed class CasClient(HubHttp http, RetryPolicy retry)
{
    /// <summary>A reconstruction of even a very large file is a few hundred KB of JSON; this bounds a broken one.</summary>
    private const int MaxReconstructionBytes = 64 * 1024 * 1024;

    private volatile int _version = 2;

    /// <summary>Set once the CAS answered anything sensible in this run: from then on, a failure is a lost link, not an absent store.</summary>
    public bool Answered { get; private set; }

    public void MarkAnswered() => Answered = true;

    /// <summary>
    /// Reconstruction of bytes [<paramref name="start"/>, <paramref name="end"/>) of the file (the whole file when that
    /// is all of it). A file the CAS does not know (404 on v1 too) is <see cref="XetUnavailableException"/> for that
    /// file only: it goes over HTTP.
    /// </summary>
    public Task<Reconstruction> ReconstructAsync(XetTokenSource tokens, string fileHash, long start, long end, long size, string what, CancellationToken ct) =>
        retry.RunAsync(async attemptCt =>
        {
            XetToken? rejected = null;
            var version = _version;
            for (var authAttempt = 0; ; )
            {
                var token = await tokens.GetAsync(rejected, attemptCt);
                var url = new Uri($"{token.CasUrl.AbsoluteUri.TrimEnd('/')}/v{version}/reconstructions/{fileHash}");
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
                if (start > 0 || end < size)
                    request.Headers.Range = new RangeHeaderValue(start, end - 1);
                using var response = await http.SendOnceAsync(request, attemptCt);
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Unauthorized when authAttempt++ == 0:
                        rejected = token;
                        continue;
                    case HttpStatusCode.NotFound or HttpStatusCode.NotImplemented when version == 2:
                        version = 1;
                        continue;
                    case HttpStatusCode.NotFound:
                        throw new XetUnavailableException("the Xet store does not know this file (404)", silent: true) { FileOnly = true };
                    case HttpStatusCode.OK or HttpStatusCode.PartialContent:
                        var body = await BoundedBody.ReadAsync(response.Content, MaxReconstructionBytes, what, attemptCt);
                        var reconstruction = version == 2 ? ReconstructionParser.ParseV2(body) : ReconstructionParser.ParseV1(body);
                        // v1 answering where v2 did not: the CAS has no v2, ask v1 first from now on (as xet-core does).
                        _version = version;
                        Answered = true;
                        return reconstruction;
                    case var status when HubErrors.IsTransientStatus(status):
                        throw new HubException(HubErrorKind.Transient, $"{what}: the Xet store answered HTTP {(int)status}", (int)status, HubErrors.RetryAfterOf(response));
                    default:
                        throw new XetDataException($"the Xet store answered HTTP {(int)response.StatusCode} to a reconstruction of bytes {start}-{end - 1}");
                }
            }
        }, e => e, what, ct);
}
