using DownloadModels.Inspection;
using DownloadModels.Tests.Cache;

namespace DownloadModels.Tests.Inspection;

public sealed class CacheScannerTests
{
    private const string Commit = "2439f60ef33a0d46d85da5001d52aeda5a0ce1e5";

    [Test]
    public async Task Scan_FolderNames_TypeAndIdAsHuggingfaceHubReadsThem()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Combine("datasets--org--name--with--dashes"));
        Directory.CreateDirectory(temp.Combine("spaces--solo"));
        Directory.CreateDirectory(temp.Combine(".locks", "models--x--y"));
        File.WriteAllText(temp.Combine("CACHEDIR.TAG"), "Signature: 8a477f597d28d172789f06886806bc55");

        var listing = CacheScanner.Scan(temp.Path);

        await Assert.That(listing.Repos.Select(r => $"{r.RepoType}:{r.RepoId}").ToArray()).IsEquivalentTo(["dataset:org/name/with/dashes", "space:solo"]);
        await Assert.That(listing.Issues).IsEmpty();
    }

    [Test]
    public async Task Scan_RegularCopyAndSharedBlob_CountedOnceEach()
    {
        using var temp = new TempFolder();
        var repo = temp.Combine("models--org--m");
        Directory.CreateDirectory(Path.Combine(repo, "blobs"));
        File.WriteAllBytes(Path.Combine(repo, "blobs", "aa"), new byte[100]);
        foreach (var commit in new[] { Commit, new string('1', 40) })
        {
            var snapshot = Directory.CreateDirectory(Path.Combine(repo, "snapshots", commit)).FullName;
            File.CreateSymbolicLink(Path.Combine(snapshot, "w.bin"), "../../blobs/aa");
            File.WriteAllBytes(Path.Combine(snapshot, "copy.txt"), new byte[10]);
        }

        var listing = CacheScanner.Scan(temp.Path);

        var scanned = listing.Repos.Single();
        await Assert.That(scanned.SizeOnDisk).IsEqualTo(120);
        await Assert.That(scanned.Snapshots.Select(s => s.SizeOnDisk).ToArray()).IsEquivalentTo([110L, 110L]);
        await Assert.That(scanned.Issues).IsEmpty();
    }
}
