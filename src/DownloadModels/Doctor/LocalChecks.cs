using DownloadModels.Cache;
using DownloadModels.Engine;
using DownloadModels.Errors;
using DownloadModels.Inspection;
using DownloadModels.Tls;
using DownloadModels.Units;

namespace DownloadModels.Doctor;

/// <summary>
/// The checks that need no network: the CA store TLS is verified against (<c>ca_store</c>), and the cache — free
/// space (<c>cache_space</c>), writable (<c>cache_write</c>, <see cref="WriteProbe"/>), and healthy
/// (<c>cache_health</c>: <see cref="CacheScanner"/>'s structural reading, partial downloads and broken links,
/// without hashing anything; <c>verify</c> re-hashes).
/// </summary>
internal static class LocalChecks
{
    /// <summary>Less than this free and most model downloads cannot fit.</summary>
    public const long MinFreeBytes = 1_000_000_000;

    /// <summary>What `list` reports as issues that break a load (the others — extra blobs, odd folders — only waste space).</summary>
    private static readonly string[] Broken = ["dangling-link", "bad-link", "bad-ref", "ref-to-missing-snapshot", "unreadable"];

    private const string ChooseAnother = "choose another cache with --cache-dir, HF_HOME or HF_HUB_CACHE";

    /// <summary>The CA store as the run's HTTP client loads it: SSL_CERT_FILE/SSL_CERT_DIR, else the system's.</summary>
    public static DoctorCheck CaStore(Func<string, string?> getEnv)
    {
        var store = CaStoreLoader.Load(getEnv);
        var count = store.Certificates.Count;
        foreach (var certificate in store.Certificates)
            certificate.Dispose();
        return store.Problem is { } problem
            ? DoctorCheck.Fail("ca_store", store.Source, problem, "install ca-certificates, or set SSL_CERT_FILE to a PEM file of CA certificates")
            : DoctorCheck.Ok("ca_store", store.Source, $"{count} CA certificates");
    }

    public static DoctorCheck Space(string cache)
    {
        try
        {
            var free = DiskSpace.FreeBytesAt(cache);
            return free >= MinFreeBytes
                ? DoctorCheck.Ok("cache_space", cache, $"{ByteSize.Format(free)} free")
                : DoctorCheck.Fail("cache_space", cache, $"only {ByteSize.Format(free)} free", $"free some space, or {ChooseAnother}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return DoctorCheck.Fail("cache_space", cache, $"free space unknown ({SystemErrors.Describe(e)})", ChooseAnother);
        }
    }

    /// <summary>Writes and deletes a probe file; a cache not created yet is judged by the folder it would be created in.</summary>
    public static DoctorCheck Writable(string cache)
    {
        var existing = cache;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
            existing = parent;
        // Something that is not a folder on the way (a file where the cache goes): creating the cache would fail there.
        var inTheWay = existing != cache && File.Exists(Path.Combine(existing, Path.GetRelativePath(existing, cache).Split(Path.DirectorySeparatorChar)[0]));
        var probed = inTheWay ? cache : existing;
        var what = probed == cache ? "the cache folder" : $"{existing}, where the cache will be created,";
        if (WriteProbe.Check(probed, what, "--cache-dir") is not { } problem)
            return DoctorCheck.Ok("cache_write", cache, existing == cache ? "writable" : $"not created yet; {existing} is writable, so the first download creates it");
        var split = problem.LastIndexOf(": ", StringComparison.Ordinal);
        return split < 0
            ? DoctorCheck.Fail("cache_write", cache, problem, ChooseAnother)
            : DoctorCheck.Fail("cache_write", cache, problem[..split], problem[(split + 2)..].TrimEnd('.'));
    }

    public static DoctorCheck Health(string cache)
    {
        if (!Directory.Exists(cache))
            return DoctorCheck.Skip("cache_health", cache, "no cache yet");
        CacheListing listing;
        try
        {
            listing = CacheScanner.Scan(Path.GetFullPath(cache));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return DoctorCheck.Fail("cache_health", cache, $"cannot be read ({SystemErrors.Describe(e)})", $"fix its permissions, or {ChooseAnother}");
        }

        var issues = listing.Issues.Concat(listing.Repos.SelectMany(r => r.Issues)).ToArray();
        var broken = issues.Where(i => Broken.Contains(i.Kind)).ToArray();
        var partial = listing.Repos.Sum(r => r.PartialFiles.Count);
        var facts = $"{Count(listing.Repos.Count, "repo")}, {ByteSize.Format(listing.SizeOnDisk)}; {Count(partial, "partial download")} (the next run resumes them)";
        if (broken.Length == 0)
        {
            var minor = issues.Length == 0 ? "" : $"; {Count(issues.Length, "minor issue")} (download-models list shows them)";
            return DoctorCheck.Ok("cache_health", cache, facts + minor);
        }

        var kinds = string.Join(", ", broken.GroupBy(i => i.Kind, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
        var first = broken[0];
        return DoctorCheck.Fail("cache_health", cache, $"{facts}; broken: {kinds} (e.g. {first.Path}: {first.Detail})",
            "download-models verify --all --repair fetches what is broken again (download-models list shows every issue)");
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
