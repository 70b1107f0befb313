using System.Security.Cryptography.X509Certificates;

namespace DownloadModels.Tls;

/// <summary>
/// The certificates every server certificate is checked against. <paramref name="Source"/> says where they
/// came from; <paramref name="Problem"/>, when set, is the one line to show if a TLS handshake then fails
/// (no store found, or SSL_CERT_FILE / SSL_CERT_DIR naming nothing readable).
/// </summary>
internal sealed record CaStore(X509Certificate2Collection Certificates, string Source, string? Problem);
