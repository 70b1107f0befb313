using System.Net;
using System.Net.Http.Headers;

namespace DownloadModels.Hub;

/// <summary>
/// Sends GETs to the Hub and its CDN over the one shared HttpClient, following redirects by hand:
/// automatic redirects would carry the Authorization header to the CDN, and would not tell us the
/// signed URL we can reuse for the next attempt. With an <see cref="ITokenRenewal"/>, a 401 from the endpoint
/// gets a fresh token once and the request goes again (a registry's bearer token expiring mid-run).
/// </summary>
internal sealed class HubHttp(HttpClient client, HubConnection connection, ITokenRenewal? renewal = null)
{
    public const int MaxRedirects = 10;

    /// <summary>The endpoint and the token sent now (replaced when a renewal gets a fresh one).</summary>
    public HubConnection Connection { get; private set; } = connection;

    /// <summary>
    /// GETs <paramref name="uri"/>, following 301/302/303/307/308 (relative or absolute), and returns the
    /// first non-redirect answer with only its headers read. The caller owns (and disposes) the response.
    /// </summary>
    public async Task<HttpResponseMessage> GetAsync(Uri uri, long rangeFrom, CancellationToken ct, bool identityEncoding = true, long? rangeTo = null)
    {
        var current = uri;
        var renewed = false;
        for (var hop = 0; ; hop++)
        {
            var sent = Connection;
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            if (sent.MaySeeToken(current))
                request.Headers.Authorization = new AuthenticationHeaderValue(sent.AuthScheme, sent.Token);
            if (identityEncoding)
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
            if (rangeFrom > 0 || rangeTo is not null)
                request.Headers.Range = new RangeHeaderValue(rangeFrom, rangeTo);

            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized && renewal is not null && !renewed && sent.IsEndpoint(current))
            {
                renewed = true;
                var token = await renewal.RenewAsync(sent.Token, response, ct);
                if (token is not null)
                {
                    response.Dispose();
                    Connection = sent with { Token = token };
                    hop--;
                    continue;
                }
            }

            if (!IsRedirect(response.StatusCode))
                return response;

            var location = response.Headers.Location;
            response.Dispose();
            if (location is null)
                throw new HubException(HubErrorKind.Protocol, $"{Describe(current)} answered a redirect without a Location.");
            if (hop + 1 >= MaxRedirects)
                throw new HubException(HubErrorKind.Protocol, $"{Describe(uri)} redirected more than {MaxRedirects} times (a redirect loop).");
            current = location.IsAbsoluteUri ? location : new Uri(current, location);
            if (current.Scheme is not ("http" or "https"))
                throw new HubException(HubErrorKind.Protocol, $"{Describe(uri)} redirected to a {current.Scheme}: URL, which is not followed.");
        }
    }

    /// <summary>
    /// Sends one request as it is: no redirect followed, no header added (the Xet store's requests carry their own
    /// token, or none for signed URLs, and never the Hub's). Only the headers are read; the caller owns the response.
    /// </summary>
    public Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken ct) =>
        client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);

    /// <summary>A request URL for messages: scheme, host and path, never the query (signed URLs carry secrets).</summary>
    public static string Describe(Uri uri) => uri.GetLeftPart(UriPartial.Path);

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
