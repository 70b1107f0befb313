using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using DownloadModels.Bundle;
using DownloadModels.Cache;
using DownloadModels.Repos;
using ZstdSharp;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Bundle;

/// <summary>
/// Hand-made bundles: starts as a valid one-repo bundle (org/m at <see cref="Commit"/>: two small git
/// files, two LFS paths sharing one blob, a ref, a saved tree, a .no_exist marker) that tests then
/// damage in one precise way: an extra or changed entry, another manifest, a cut.
/// </summary>
internal sealed class BundleBuilder
{
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";
    public const string Folder = "models--org--m";

    public BundleBuilder(string repoId = "org/m")
    {
        var folder = "models--" + repoId.Replace("/", "--", StringComparison.Ordinal);
        var weights = FakeHub.FakeHubContent.Random(3000, 7);
        var small = Encoding.UTF8.GetBytes("{\"a\": 1}\n");
        var nested = Encoding.UTF8.GetBytes("{}\n");
        var files = new List<(string Path, byte[] Content, bool Lfs)> { ("a.json", small, false), ("sub/b.json", nested, false), ("w.bin", weights, true), ("copy/w.bin", weights, true) };
        var manifestFiles = files.Select(f => new ManifestFileDto(f.Path, f.Content.Length, f.Lfs, f.Lfs ? HubServer.Sha256Hex(f.Content) : null, f.Lfs ? null : HubServer.GitBlobSha1(f.Content))).ToList();
        Manifest = new ManifestDto(BundleFormat.Version, "test", DateTimeOffset.UnixEpoch, [new ManifestRepoDto("model", repoId, "main", Commit, manifestFiles, ["added_tokens.json"], true)]);

        Entries.Add(File($"{folder}/refs/main", Encoding.ASCII.GetBytes(Commit)));
        foreach (var (file, dto) in files.Zip(manifestFiles))
        {
            var etag = dto.Sha256 ?? dto.Sha1!;
            var depth = file.Path.Count(c => c == '/') + 2;
            Entries.Add(new BundleEntry($"{folder}/snapshots/{Commit}/{file.Path}", TarEntryType.SymbolicLink, null, string.Concat(Enumerable.Repeat("../", depth)) + "blobs/" + etag));
        }

        foreach (var (file, dto) in files.Zip(manifestFiles).DistinctBy(x => x.Second.Sha256 ?? x.Second.Sha1))
            Entries.Add(File($"{folder}/blobs/{dto.Sha256 ?? dto.Sha1}", file.Content));
        var tree = files.Zip(manifestFiles).Select(x => new RepoFile(x.First.Path, x.First.Content.Length,
            x.Second.Sha1 ?? HubServer.GitBlobSha1(Encoding.ASCII.GetBytes("pointer " + x.First.Path)), x.Second.Lfs ? x.Second.Sha256 : null));
        Entries.Add(File($"{folder}/trees/{Commit}.json", SavedTree.Serialize(tree)));
        Entries.Add(File($"{folder}/.no_exist/{Commit}/added_tokens.json", []));
        WeightsSha256 = HubServer.Sha256Hex(weights);
    }

    public ManifestDto Manifest { get; set; }

    /// <summary>When set, written as manifest.json instead of <see cref="Manifest"/>.</summary>
    public string? RawManifest { get; set; }

    public bool ManifestFirst { get; set; } = true;

    public List<BundleEntry> Entries { get; } = [];

    public string WeightsSha256 { get; }

    public string WeightsBlobName => $"{Folder}/blobs/{WeightsSha256}";

    public static BundleEntry File(string name, byte[] content) => new(name, TarEntryType.RegularFile, content, null);

    public BundleEntry Entry(string name) => Entries.Single(e => e.Name == name);

    public void Replace(string name, BundleEntry replacement) => Entries[Entries.FindIndex(e => e.Name == name)] = replacement;

    public byte[] Build()
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var manifest = File(BundleFormat.ManifestName, RawManifest is null
                ? JsonSerializer.SerializeToUtf8Bytes(Manifest, BundleJsonContext.Default.ManifestDto)
                : Encoding.UTF8.GetBytes(RawManifest));
            var all = ManifestFirst ? [manifest, .. Entries] : Entries.Append(manifest).ToList();
            foreach (var entry in all)
                writer.WriteEntry(entry.ToTarEntry());
        }

        return Compress(tar.ToArray());
    }

    public static byte[] Compress(byte[] data)
    {
        var output = new MemoryStream();
        using (var zstd = new CompressionStream(output, 1, leaveOpen: true))
            zstd.Write(data);
        return output.ToArray();
    }
}
