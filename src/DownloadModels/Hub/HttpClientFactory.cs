using System.Net;
using DownloadModels.Tls;

namespace DownloadModels.Hub;

/// <summary>
/// The one HttpClient of a run. Redirects are followed by hand (see <see cref="HubHttp"/>); decompression
/// stays off so sizes and ranges are exact; the proxy comes from HTTPS_PROXY/HTTP_PROXY/NO_PROXY (the
/// runtime's default), the CA certificates from the system store or SSL_CERT_FILE/SSL_CERT_DIR (see
/// <see cref="ServerTrust"/>), both read from the process environment as OpenSSL itself would; a
/// connection that cannot be made within the stall timeout counts as a stall.
/// </summary>
internal static class HttpClientFactory
{
    public static HttpClient Create(TimeSpan stallTimeout, string userAgent)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = stallTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseProxy = true,
        };
        ServerTrust.Apply(handler, () => CaStoreLoader.Load(Environment.GetEnvironmentVariable));
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return client;
    }
}
