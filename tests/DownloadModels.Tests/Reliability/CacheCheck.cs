using System.Security.Cryptography;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// Checks a cache the way a Python library will meet it: every expected snapshot path is a relative
/// link to a blob whose content hashes to the Hub's id, and no partial or temp file is left behind.
/// Blobs are hashed by streaming (never held in memory) and compared as hex strings.
/// </summary>
internal static class CacheCheck
{
    /// <summary>The problems found (empty when the repo's files are all linked and verified, and, with <paramref name="leftovers"/>, no partial is left).</summary>
    public static IReadOnlyList<string> Problems(string hubCache, FakeRepo repo, IEnumerable<string>? paths = null, bool leftovers = true)
    {
        var folder = Path.Combine(hubCache, $"{repo.Type}s--{repo.Id.Replace("/", "--", StringComparison.Ordinal)}");
        var problems = new List<string>();
        foreach (var path in paths ?? repo.Paths)
        {
            var link = new FileInfo(Path.Combine(folder, "snapshots", repo.Commit, path));
            if (link.LinkTarget is not { } target)
            {
                problems.Add($"{path}: not a link");
                continue;
            }

            if (Path.IsPathRooted(target))
                problems.Add($"{path}: absolute link {target}");
            var blob = new FileInfo(Path.Combine(link.DirectoryName!, target));
            if (!blob.Exists)
            {
                problems.Add($"{path}: dangling link {target}");
                continue;
            }

            var isLfs = Path.GetFileName(target).Length == 64;
            var expected = isLfs ? repo.Sha256Of(path) : repo.GitSha1Of(path);
            var actual = isLfs ? Sha256OfFile(blob.FullName) : GitSha1OfFile(blob.FullName);
            if (actual != expected || Path.GetFileName(target) != expected)
                problems.Add($"{path}: blob {Path.GetFileName(target)} hashes to {actual}, expected {expected}");
        }

        var blobs = Path.Combine(folder, "blobs");
        if (leftovers && Directory.Exists(blobs))
            problems.AddRange(Directory.GetFiles(blobs).Where(f => f.EndsWith(".incomplete", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith(".tmp", StringComparison.Ordinal)).Select(f => $"left over: {Path.GetFileName(f)}"));
        return problems;
    }

    public static string Sha256OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static string GitSha1OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        hash.AppendData(System.Text.Encoding.ASCII.GetBytes($"blob {stream.Length}\0"));
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer)) > 0)
            hash.AppendData(buffer, 0, read);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Body bytes the fake sent for file content (CDN answers and /resolve/ or resolve-cache answers).</summary>
    public static long ContentBytesSent(HubServer hub) =>
        hub.Requests.Where(r => r.Status is 200 or 206 && (r.Host == FakeHost.Cdn || r.PathAndQuery.Contains("resolve", StringComparison.Ordinal))).Sum(r => r.BodyBytesSent);
}
