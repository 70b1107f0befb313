using System.Net.Http.Headers;
using DownloadModels.Hub;

namespace DownloadModels.Xet;

/// <summary>What a resolve answer says of a file stored in Xet: its xet hash, and the token route the Hub links to.</summary>
internal sealed record XetResolveInfo(string XetHash, Uri? TokenUrl);

/// <summary>
/// Asks <c>resolve/</c> whether a file is stored in Xet, for a file the listing gave no <c>xetHash</c>: one HEAD,
/// never following the 302 (the Xet path does not need the bridge), reading <c>X-Xet-Hash</c>, <c>X-Linked-Etag</c>
/// and the <c>rel="xet-auth"</c> link (or <c>X-Xet-Refresh-Route</c>, as huggingface_hub accepts). A token route on
/// another host than the endpoint is ignored: the Hub token goes to the endpoint only.
/// </summary>
internal static class XetResolveProbe
{
    public static async Task<XetResolveInfo?> ProbeAsync(HubHttp http, RetryPolicy retry, Uri resolveUrl, string sha256, string what, CancellationToken ct)
    {
        return await retry.RunAsync(async attemptCt =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, resolveUrl);
            if (http.Connection.MaySeeToken(resolveUrl))
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", http.Connection.Token);
            using var response = await http.SendOnceAsync(request, attemptCt);
            if (HubErrors.IsTransientStatus(response.StatusCode))
                throw new HubException(HubErrorKind.Transient, $"{what}: HTTP {(int)response.StatusCode}", (int)response.StatusCode, HubErrors.RetryAfterOf(response));
            var hash = Header(response, "X-Xet-Hash");
            if (!ReconstructionParser.IsHash(hash))
                return null;
            // The answer must be about the same content the listing names.
            if (Header(response, "X-Linked-Etag") is { } etag && etag.Trim('"') != sha256)
                return null;
            var route = LinkHeader.Find(response, resolveUrl, "xet-auth")
                ?? (Uri.TryCreate(resolveUrl, Header(response, "X-Xet-Refresh-Route") ?? "", out var refresh) ? refresh : null);
            return new XetResolveInfo(hash!, route is not null && http.Connection.IsEndpoint(route) ? route : null);
        }, e => e, what, ct);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()
        : response.Content.Headers.TryGetValues(name, out var content) ? content.FirstOrDefault() : null;
}
