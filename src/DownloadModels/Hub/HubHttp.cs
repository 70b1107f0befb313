using System.Net;
using System.Net.Http.Headers;

namespace DownloadModels.Hub;

/// <summary>
/// Sends GETs to the Hub and its CDN over the one shared HttpClient, following redirects by hand:
/// automatic redirects would carry the Authorization header to the CDN, and would not tell us the
/// signed URL we can reuse for the next attempt.
/// </summary>
internal sealed class HubHttp(HttpClient client, HubConnection connection)
{
    public const int MaxRedirects = 10;

    public HubConnection Connection { get; } = connection;

    /// <summary>
    /// GETs <paramref name="uri"/>, following 301/302/303/307/308 (relative or absolute), and returns the
    /// first non-redirect answer with only its headers read. The caller owns (and disposes) the response.
    /// </summary>
    public async Task<HttpResponseMessage> GetAsync(Uri uri, long rangeFrom, CancellationToken ct, bool identityEncoding = true, long? rangeTo = null)
    {
        var current = uri;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            if (Connection.MaySeeToken(current))
                request.Headers.Authorization = new AuthenticationHeaderValue(Connection.AuthScheme, Connection.Token);
            if (identityEncoding)
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
            if (rangeFrom > 0 || rangeTo is not null)
                request.Headers.Range = new RangeHeaderValue(rangeFrom, rangeTo);

            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
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
