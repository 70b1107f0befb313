using System.Globalization;
using System.Net;
using System.Text.Json;
using DownloadModels.Hub;

namespace DownloadModels.Xet;

/// <summary>A CAS access token: sent only to <see cref="CasUrl"/>, used until shortly before it expires.</summary>
internal sealed record XetToken(string AccessToken, Uri CasUrl, DateTimeOffset RefreshAfter);

/// <summary>
/// The read token of one repo at one commit, from the Hub's token route (the only request that carries the Hub
/// token). Refreshed a minute before <c>exp</c>, and when the CAS answers 401; requests of every file of the
/// commit share it, and a refresh happens once however many of them ask at the same time.
/// </summary>
internal sealed class XetTokenSource(HubHttp http, RetryPolicy retry, Uri tokenUrl, TimeProvider time)
{
    private const int MaxTokenBytes = 1024 * 1024;

    /// <summary>JS refreshes 60 s before exp, xet-core 30 s.</summary>
    private static readonly TimeSpan SafetyMargin = TimeSpan.FromSeconds(60);

    /// <summary>A token already "expired" by this machine's clock (skew) is still used this long before asking again.</summary>
    private static readonly TimeSpan MinimumUse = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private XetToken? _token;

    public Uri Url => tokenUrl;

    /// <summary>Number of tokens fetched (tests and --verbose).</summary>
    public int Fetched { get; private set; }

    /// <summary>A valid token; <paramref name="rejected"/> is one the CAS refused (401), which is never handed out again.</summary>
    public async Task<XetToken> GetAsync(XetToken? rejected, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_token is { } token && !ReferenceEquals(token, rejected) && time.GetUtcNow() < token.RefreshAfter)
                return token;
            _token = await FetchAsync(ct);
            Fetched++;
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<XetToken> FetchAsync(CancellationToken ct)
    {
        var what = "the Xet token";
        try
        {
            return await retry.RunAsync(async attemptCt =>
            {
                // GetAsync adds the Hub token, to the endpoint only; the route answers without a redirect.
                using var response = await http.GetAsync(tokenUrl, 0, attemptCt, identityEncoding: false);
                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented
                    or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest)
                    throw new XetUnavailableException($"the endpoint has no Xet token route for this repo (HTTP {(int)response.StatusCode})", silent: true);
                if (!response.IsSuccessStatusCode)
                    throw HubErrors.IsTransientStatus(response.StatusCode)
                        ? new HubException(HubErrorKind.Transient, $"{what}: HTTP {(int)response.StatusCode}", (int)response.StatusCode, HubErrors.RetryAfterOf(response))
                        : new XetUnavailableException($"the Xet token route answered HTTP {(int)response.StatusCode}", silent: false);
                var body = await BoundedBody.ReadAsync(response.Content, MaxTokenBytes, what, attemptCt);
                return Parse(body, response);
            }, e => e as Exception ?? e, what, ct);
        }
        catch (Exception e) when (e is HubException or HttpRequestException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new XetUnavailableException($"the Xet token could not be had ({NetworkErrors.Reason(e)})", silent: false, e);
        }
    }

    /// <summary>The JSON answer, else the older header form (X-Xet-Access-Token, X-Xet-Cas-Url, X-Xet-Token-Expiration).</summary>
    private XetToken Parse(byte[] body, HttpResponseMessage response)
    {
        string? accessToken = null, casUrl = null;
        long? exp = null;
        try
        {
            if (body.Length > 0 && JsonSerializer.Deserialize(body, XetJsonContext.Default.XetTokenDto) is { } dto)
                (accessToken, casUrl, exp) = (dto.AccessToken, dto.CasUrl, dto.Exp);
        }
        catch (JsonException)
        {
            // The header form below may still hold it.
        }

        accessToken ??= Header(response, "X-Xet-Access-Token");
        casUrl ??= Header(response, "X-Xet-Cas-Url");
        exp ??= long.TryParse(Header(response, "X-Xet-Token-Expiration"), NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : null;
        if (string.IsNullOrEmpty(accessToken) || !Uri.TryCreate(casUrl, UriKind.Absolute, out var cas) || cas.Scheme is not ("http" or "https") || exp is not { } expires)
            throw new XetUnavailableException("the Xet token route answered without an access token, CAS URL or expiry", silent: false);
        var now = time.GetUtcNow();
        var refreshAfter = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(expires, 0, 253_402_300_799)) - SafetyMargin;
        return new XetToken(accessToken, cas, refreshAfter > now + MinimumUse ? refreshAfter : now + MinimumUse);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
