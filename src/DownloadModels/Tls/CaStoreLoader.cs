using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DownloadModels.Tls;

/// <summary>
/// Reads the CA certificates the way OpenSSL chooses them: <c>SSL_CERT_FILE</c> replaces the default bundle
/// and <c>SSL_CERT_DIR</c> (colon-separated) the default folder; without them, the first bundle of
/// <see cref="CaLocations.BundleFiles"/> that exists, else the first folder of
/// <see cref="CaLocations.Directories"/> that holds certificates. Nothing here reads HOME or the
/// runtime's per-user certificate stores, so a process without a home folder verifies servers the same way.
/// </summary>
internal static class CaStoreLoader
{
    /// <summary>Files larger than this are not certificate bundles (Debian's is ~220 KB).</summary>
    private const long MaxFileBytes = 16 * 1024 * 1024;

    /// <param name="root">The file-system root the well-known locations are under ("/" except in tests).</param>
    public static CaStore Load(Func<string, string?> getEnv, string root = "/")
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        var fileVariable = NullIfEmpty(getEnv(CaLocations.FileVariable));
        var dirVariable = NullIfEmpty(getEnv(CaLocations.DirectoryVariable));
        if (fileVariable is not null || dirVariable is not null)
            return FromVariables(fileVariable, dirVariable);

        foreach (var file in CaLocations.BundleFiles)
        {
            var path = Under(root, file);
            if (ReadFile(path) is { Count: > 0 } certificates)
                return new CaStore(certificates, path, null);
        }

        foreach (var dir in CaLocations.Directories)
        {
            var path = Under(root, dir);
            if (ReadDirectory(path) is { Count: > 0 } certificates)
                return new CaStore(certificates, path, null);
        }

        return new CaStore([], "none", "no CA certificates found on this system: install the ca-certificates package, or set SSL_CERT_FILE to a PEM file of CA certificates.");
    }

    private static CaStore FromVariables(string? file, string? dirs)
    {
        var certificates = new X509Certificate2Collection();
        var named = new List<string>();
        if (file is not null)
        {
            named.Add($"SSL_CERT_FILE={file}");
            if (ReadFile(file) is { } fromFile)
                certificates.AddRange(fromFile);
        }

        if (dirs is not null)
        {
            named.Add($"SSL_CERT_DIR={dirs}");
            foreach (var dir in dirs.Split(':', StringSplitOptions.RemoveEmptyEntries))
                certificates.AddRange(ReadDirectory(dir));
        }

        var source = string.Join(", ", named);
        return certificates.Count > 0
            ? new CaStore(certificates, source, null)
            : new CaStore(certificates, source, $"no CA certificate could be read from {source}: point SSL_CERT_FILE at a readable PEM file of CA certificates, or unset it to use the system's store.");
    }

    /// <summary>Every certificate of a PEM file; empty when it is missing, unreadable, too large or not PEM.</summary>
    private static X509Certificate2Collection ReadFile(string path)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxFileBytes)
                return certificates;
            certificates.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            // An unreadable or malformed file is the same as no file: the caller says so in one line.
        }

        return certificates;
    }

    /// <summary>Every certificate of every file directly in the folder (OpenSSL's hashed-folder layout, or any .pem/.crt).</summary>
    private static X509Certificate2Collection ReadDirectory(string path)
    {
        var certificates = new X509Certificate2Collection();
        IEnumerable<string> files;
        try
        {
            files = Directory.Exists(path) ? Directory.EnumerateFiles(path).Order(StringComparer.Ordinal).ToArray() : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return certificates;
        }

        foreach (var file in files)
            certificates.AddRange(ReadFile(file));
        return certificates;
    }

    private static string Under(string root, string path) =>
        root == "/" ? path : Path.Combine(root, path.TrimStart('/'));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
