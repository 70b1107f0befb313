using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Release;

/// <summary>
/// A folder laid out as `dotnet cake --target=Release` writes artifacts/release: one
/// download-models-{version}-{rid}.tar.gz per runtime (a top folder holding the binary, LICENSE and
/// README.md) and SHA256SUMS in sha256sum's format. Holds the published linux-x64 binary.
/// </summary>
internal sealed class ReleaseFolder : IDisposable
{
    public const string Version = "0.1.0";
    public const string Rid = "linux-x64";

    private ReleaseFolder(string path) => Path = path;

    public string Path { get; }

    public string ArchiveName => $"download-models-{Version}-{Rid}.tar.gz";

    public string Archive => System.IO.Path.Combine(Path, ArchiveName);

    public static async Task<ReleaseFolder> CreateAsync()
    {
        var folder = new ReleaseFolder(Directory.CreateTempSubdirectory("dm-release-").FullName);
        var top = $"download-models-{Version}-{Rid}";
        var root = RepoRoot.Path;
        await using (var file = File.Create(folder.Archive))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            await tar.WriteEntryAsync(await NativeBinary.GetAsync(), $"{top}/download-models");
            await tar.WriteEntryAsync(System.IO.Path.Combine(root, "LICENSE"), $"{top}/LICENSE");
            await tar.WriteEntryAsync(System.IO.Path.Combine(root, "README.md"), $"{top}/README.md");
        }

        await File.WriteAllTextAsync(System.IO.Path.Combine(folder.Path, "SHA256SUMS"),
            $"{Sha256(folder.Archive)}  {folder.ArchiveName}\n{new string('0', 64)}  download-models-{Version}-osx-arm64.tar.gz\n");
        return folder;
    }

    public static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans temp folders.
        }
    }
}
