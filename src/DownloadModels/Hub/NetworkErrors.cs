using System.Net.Sockets;

namespace DownloadModels.Hub;

/// <summary>One line for a failure below HTTP, naming the endpoint and the proxy in use, never a stack trace.</summary>
internal static class NetworkErrors
{
    public static HubException Describe(Exception e, Uri endpoint, string what)
    {
        if (e is HubException hub)
            return hub;
        var proxy = ProxyFor(endpoint);
        var via = proxy is null ? "" : $" through proxy {proxy}";
        var reason = e switch
        {
            HttpRequestException { InnerException: Tls.CertificateStoreException store } => store.Message.TrimEnd('.'),
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "the host name does not resolve",
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => "the TLS handshake failed (certificate or protocol)",
            HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } => "connection refused",
            HttpRequestException { HttpRequestError: HttpRequestError.ProxyTunnelError } => "the proxy refused the tunnel",
            OperationCanceledException or TimeoutException => "no answer in time",
            HttpRequestException h => h.HttpRequestError.ToString(),
            IOException => "the connection broke",
            _ => e.GetType().Name,
        };
        var hint = proxy is null ? "check the network and --endpoint/HF_ENDPOINT" : "check the network, the proxy (HTTPS_PROXY/HTTP_PROXY/NO_PROXY) and --endpoint/HF_ENDPOINT";
        return new HubException(HubErrorKind.Transient, $"{what}: could not reach {endpoint.GetLeftPart(UriPartial.Authority)}{via} ({reason}); {hint}.", inner: e);
    }

    /// <summary>The proxy the runtime picked from HTTPS_PROXY/HTTP_PROXY/NO_PROXY for this URL, without credentials.</summary>
    public static string? ProxyFor(Uri uri)
    {
        var proxy = HttpClient.DefaultProxy.GetProxy(uri);
        return proxy is null || proxy == uri ? null : proxy.GetLeftPart(UriPartial.Authority).Replace(proxy.UserInfo + "@", "", StringComparison.Ordinal);
    }
}
