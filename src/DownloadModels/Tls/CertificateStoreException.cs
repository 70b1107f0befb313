namespace DownloadModels.Tls;

/// <summary>
/// A TLS handshake failed and no usable CA store was found: the message is the one line that names the
/// remedies (see <see cref="CaStore.Problem"/>). Thrown from the certificate check, so it reaches the user
/// as the inner exception of the failed request.
/// </summary>
internal sealed class CertificateStoreException(string message) : Exception(message);
