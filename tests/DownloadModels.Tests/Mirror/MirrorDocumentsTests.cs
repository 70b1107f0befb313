using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DownloadModels.Hub;
using DownloadModels.Mirror;
using DownloadModels.Repos;

namespace DownloadModels.Tests.Mirror;

public sealed class MirrorDocumentsTests
{
    private static readonly RepoFile Lfs = new("sub/w.bin", 5_000, new string('c', 40), new string('a', 64));
    private static readonly RepoFile Small = new("a.json", 2, new string('9', 40), null);

    [Test]
    [Arguments(0L)]
    [Arguments(5_000L)]
    [Arguments(3_094_000_000L)]
    public async Task LfsPointerSize_AnySize_IsTheCanonicalPointersLength(long size)
    {
        var pointer = $"version https://git-lfs.github.com/spec/v1\noid sha256:{new string('a', 64)}\nsize {size}\n";

        await Assert.That(MirrorDocuments.LfsPointerSize(size)).IsEqualTo(Encoding.UTF8.GetByteCount(pointer));
    }

    [Test]
    public async Task LfsPointerSize_FakeHubFile_HashesToTheListedOid()
    {
        await using var hub = await DownloadModels.Tests.FakeHub.FakeHub.StartAsync();
        var repo = hub.AddRepo("org/m").AddFile("w.bin", 12_345, lfs: true);
        var pointer = $"version https://git-lfs.github.com/spec/v1\noid sha256:{repo.Sha256Of("w.bin")}\nsize 12345\n";
        var gitSha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"blob {pointer.Length}\0{pointer}")));

        await Assert.That(gitSha1).IsEqualTo(repo.OidOf("w.bin"));
        await Assert.That(MirrorDocuments.LfsPointerSize(12_345)).IsEqualTo(pointer.Length);
    }

    [Test]
    public async Task Tree_LfsAndRegularFile_HubShapeWithPointerSize()
    {
        using var doc = JsonDocument.Parse(MirrorDocuments.Tree([Small, Lfs]));

        var entries = doc.RootElement.EnumerateArray().ToArray();
        await Assert.That(entries.Length).IsEqualTo(2);
        await Assert.That(entries[0].GetProperty("type").GetString()).IsEqualTo("file");
        await Assert.That(entries[0].TryGetProperty("lfs", out _)).IsFalse();
        await Assert.That(entries[1].GetProperty("oid").GetString()).IsEqualTo(Lfs.GitOid);
        await Assert.That(entries[1].GetProperty("lfs").GetProperty("oid").GetString()).IsEqualTo(Lfs.LfsSha256);
        await Assert.That(entries[1].GetProperty("lfs").GetProperty("pointerSize").GetInt32()).IsEqualTo(129);
    }

    [Test]
    public async Task Tree_ParsedByTheClientsReader_GivesTheSameFiles()
    {
        var entries = JsonSerializer.Deserialize(MirrorDocuments.Tree([Small, Lfs]), HubJsonContext.Default.ListTreeEntryDto)!;
        var parsed = entries.Select(e => TreeEntries.ToRepoFile(e, "mirror tree")).ToArray();

        await Assert.That(parsed).IsEquivalentTo(new RepoFile?[] { Small, Lfs });
    }

    [Test]
    public async Task Revision_Any_HasIdShaAndSiblings()
    {
        var json = MirrorDocuments.Revision(new RepoId(RepoType.Model, "org/m"), new string('1', 40), [Small, Lfs]);
        using var doc = JsonDocument.Parse(json);

        await Assert.That(doc.RootElement.GetProperty("gated").GetBoolean()).IsFalse();
        await Assert.That(doc.RootElement.GetProperty("siblings").EnumerateArray().Select(s => s.GetProperty("rfilename").GetString()!).ToArray())
            .IsEquivalentTo(["a.json", "sub/w.bin"]);
        await Assert.That(MirrorDocuments.ReadRevision(json)).IsEqualTo(("org/m", new string('1', 40)));
    }

    [Test]
    [Arguments("[]")]
    [Arguments("{\"id\": \"org/m\", \"sha\": \"main\"}")]
    [Arguments("not json")]
    public async Task ReadRevision_NotARevisionAnswer_Null(string json)
    {
        await Assert.That(MirrorDocuments.ReadRevision(json)).IsNull();
    }
}
