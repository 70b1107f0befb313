using System.Security.Cryptography;
using System.Text;

namespace DownloadModels.Tests.Layout;

/// <summary>
/// Converts a cache to the shared blob store layout exactly as cache-layout.md documents newer
/// huggingface_hub writing it: marker <c>blobs/.huggingface-shared-blobs</c> = <c>1\n</c>; each LFS blob
/// moved to <c>blobs/{xx}/{xet_hash}</c>, read-only, with <c>{xet_hash}.refs</c> naming the repo blobs that
/// link to it; the repo's <c>blobs/{etag}</c> replaced by the relative link <c>../../blobs/{xx}/{xet_hash}</c>.
/// </summary>
internal static class SharedStoreConverter
{
    /// <summary>Converts every 64-hex (LFS) blob of every repo; returns repo blob path → store file path.</summary>
    public static IReadOnlyDictionary<string, string> Convert(string cacheRoot, Func<string, string>? xetHashOf = null)
    {
        xetHashOf ??= StandInXetHash;
        var store = Path.Combine(cacheRoot, "blobs");
        Directory.CreateDirectory(store);
        File.WriteAllText(Path.Combine(store, ".huggingface-shared-blobs"), "1\n");
        var moved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var repo in Directory.EnumerateDirectories(cacheRoot, "*--*"))
        {
            foreach (var blob in Directory.EnumerateFiles(Path.Combine(repo, "blobs")))
            {
                var etag = Path.GetFileName(blob);
                if (etag.Length != 64 || new FileInfo(blob).LinkTarget is not null)
                    continue;
                var xet = xetHashOf(etag);
                var target = Path.Combine(store, xet[..2], xet);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                if (File.Exists(target))
                    File.Delete(blob);
                else
                    File.Move(blob, target);
                if (!OperatingSystem.IsWindows())
                    File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                File.AppendAllText(target + ".refs", $"{Path.GetFileName(repo)}/blobs/{etag}\n");
                File.CreateSymbolicLink(blob, $"../../blobs/{xet[..2]}/{xet}");
                moved[blob] = target;
            }
        }

        return moved;
    }

    /// <summary>A deterministic 64-hex stand-in when the real Xet hash is not at hand.</summary>
    public static string StandInXetHash(string etag) =>
        System.Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("xet:" + etag)));
}
