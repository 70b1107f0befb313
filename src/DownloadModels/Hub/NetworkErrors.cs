using System.Net.Sockets;
using DownloadModels.Errors;

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
        var hint = proxy is null ? "check the network and --endpoint/HF_ENDPOINT" : "check the network, the proxy (HTTPS_PROXY/HTTP_PROXY/NO_PROXY) and --endpoint/HF_ENDPOINT";
        return new HubException(HubErrorKind.Transient, $"{what}: could not reach {endpoint.GetLeftPart(UriPartial.Authority)}{via} ({Reason(e)}); {hint}.", inner: e);
    }

    /// <summary>A few words for why an attempt failed, for errors and for "retrying in 2 s (1/5): …" lines.</summary>
    public static string Reason(Exception e) => e switch
    {
        HubException { Status: { } status } => $"the server answered {status}",
        HubException { Kind: HubErrorKind.SignedUrlExpired } => "the signed URL expired",
        HubException => "the server's answer was cut short or wrong",
        HttpRequestException { InnerException: Tls.CertificateStoreException store } => store.Message.TrimEnd('.'),
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "the host name does not resolve",
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => "the TLS handshake failed (certificate or protocol)",
        HttpRequestException { InnerException: SocketException socket } => SystemErrors.Describe(socket),
        HttpRequestException { HttpRequestError: HttpRequestError.ProxyTunnelError } => "the proxy refused the tunnel",
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => "the connection closed before the answer ended",
        HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse } => "the server sent an invalid HTTP answer",
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "the connection failed",
        HttpRequestException { HttpRequestError: HttpRequestError.HttpProtocolError } => "an HTTP protocol error",
        HttpRequestException => "the request failed",
        OperationCanceledException or TimeoutException => "no answer in time",
        IOException => "the connection broke",
        _ => SystemErrors.Describe(e),
    };

    /// <summary>Whether the failure is a refused connection: nothing listens there (a dead endpoint or proxy).</summary>
    public static bool IsRefused(Exception e) =>
        e is HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } };

    /// <summary>The proxy the runtime picked from HTTPS_PROXY/HTTP_PROXY/NO_PROXY for this URL, without credentials.</summary>
    public static string? ProxyFor(Uri uri)
    {
        var proxy = HttpClient.DefaultProxy.GetProxy(uri);
        return proxy is null || proxy == uri ? null : proxy.GetLeftPart(UriPartial.Authority).Replace(proxy.UserInfo + "@", "", StringComparison.Ordinal);
    }
}
