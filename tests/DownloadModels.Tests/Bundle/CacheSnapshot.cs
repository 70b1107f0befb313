using System.Security.Cryptography;

namespace DownloadModels.Tests.Bundle;

/// <summary>
/// A hub cache described as text: every file with its size and sha256, every link with its target,
/// every folder. Two caches with equal snapshots are byte-identical layouts. The repo lock a download of ours
/// holds while it builds a snapshot (<c>.locks/{repo}/download-models.lock</c>) is left out: it is a trace of a
/// past download, not part of what a bundle carries.
/// </summary>
internal static class CacheSnapshot
{
    public static string[] Of(string hubCache) =>
        Directory.Exists(hubCache)
            ? Directory.EnumerateFileSystemEntries(hubCache, "*", SearchOption.AllDirectories)
                .Where(path => Path.GetFileName(path) != DownloadModels.Cache.CacheLayout.RepoLockName)
                .Select(path => Describe(hubCache, path))
                .Order(StringComparer.Ordinal)
                .ToArray()
            : [];

    private static string Describe(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target)
            return $"{relative} -> {target}";
        if (Directory.Exists(path))
            return relative + "/";
        using var stream = File.OpenRead(path);
        return $"{relative} {info.Length} {Convert.ToHexStringLower(SHA256.HashData(stream))}";
    }
}
