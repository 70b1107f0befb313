namespace DownloadModels.Tls;

/// <summary>
/// Where Linux distributions keep the system's CA certificates. The binary carries its own OpenSSL, built
/// on Debian, whose compiled-in default (/usr/lib/ssl) exists only on Debian and Ubuntu; so the store is
/// looked for here instead, in this order (first bundle file found wins).
/// </summary>
internal static class CaLocations
{
    public const string FileVariable = "SSL_CERT_FILE";
    public const string DirectoryVariable = "SSL_CERT_DIR";

    /// <summary>Single-file PEM bundles.</summary>
    public static readonly IReadOnlyList<string> BundleFiles =
    [
        "/etc/ssl/certs/ca-certificates.crt",                // Debian, Ubuntu, Alpine, Gentoo, Arch
        "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", // RHEL, CentOS, Fedora, Amazon Linux
        "/etc/pki/tls/certs/ca-bundle.crt",                  // RHEL, Fedora (older name, still a link)
        "/etc/ssl/ca-bundle.pem",                            // openSUSE, SLES
        "/var/lib/ca-certificates/ca-bundle.pem",            // openSUSE, SLES (where the link points)
        "/etc/ssl/cert.pem",                                 // Alpine, Void, macOS-style layouts
    ];

    /// <summary>Folders of one-certificate PEM files, used only when no bundle file exists.</summary>
    public static readonly IReadOnlyList<string> Directories =
    [
        "/etc/ssl/certs",              // Debian, Ubuntu, Alpine, openSUSE
        "/etc/pki/tls/certs",          // RHEL, Fedora
        "/var/lib/ca-certificates/pem", // openSUSE, SLES
    ];
}
