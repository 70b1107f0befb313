using DownloadModels.Hub;
using DownloadModels.Repos;

namespace DownloadModels.Tests.Hub;

public sealed class TreeEntriesTests
{
    private const string GitOid = "b45ef6fec89518d314f546fd6c3025367b721684";
    private const string Sha256 = "dffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986f";

    private static TreeEntryDto File(string path = "config.json", string? oid = GitOid, long? size = 13, LfsInfoDto? lfs = null, string? type = "file") =>
        new(type, oid, size, path, lfs);

    [Test]
    public async Task ToRepoFile_RegularFile_KeepsPathSizeAndGitOid()
    {
        var file = TreeEntries.ToRepoFile(File("1_Pooling/config.json"), "test");

        await Assert.That(file).IsEqualTo(new RepoFile("1_Pooling/config.json", 13, GitOid, null));
        await Assert.That(file!.IsLfs).IsFalse();
        await Assert.That(file.Etag).IsEqualTo(GitOid);
    }

    [Test]
    public async Task ToRepoFile_LfsFile_SizeFromLfsAndEtagIsSha256()
    {
        var file = TreeEntries.ToRepoFile(File("model.safetensors", size: 134, lfs: new LfsInfoDto(Sha256, 470_000_000)), "test");

        await Assert.That(file).IsNotNull();
        await Assert.That(file!.Size).IsEqualTo(470_000_000);
        await Assert.That(file.GitOid).IsEqualTo(GitOid);
        await Assert.That(file.LfsSha256).IsEqualTo(Sha256);
        await Assert.That(file.Etag).IsEqualTo(Sha256);
        await Assert.That(file.IsLfs).IsTrue();
    }

    [Test]
    public async Task ToRepoFile_ZeroByteFile_IsAccepted()
    {
        var file = TreeEntries.ToRepoFile(File("empty.txt", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391", 0), "test");

        await Assert.That(file!.Size).IsEqualTo(0);
    }

    [Test]
    public async Task ToRepoFile_Directory_ReturnsNull() =>
        await Assert.That(TreeEntries.ToRepoFile(new TreeEntryDto("directory", GitOid, 0, "1_Pooling", null), "test")).IsNull();

    [Test]
    public async Task ToRepoFile_DirectoryWithoutOtherFields_ReturnsNull() =>
        await Assert.That(TreeEntries.ToRepoFile(new TreeEntryDto("directory", null, null, null, null), "test")).IsNull();

    [Test]
    public async Task ToRepoFile_MissingType_ThrowsProtocol() =>
        await AssertProtocolError(File(type: null), "lacks");

    [Test]
    public async Task ToRepoFile_UnknownType_ThrowsProtocol() =>
        await AssertProtocolError(File(type: "submodule"), "lacks");

    [Test]
    public async Task ToRepoFile_MissingPath_ThrowsProtocol() =>
        await AssertProtocolError(new TreeEntryDto("file", GitOid, 13, null, null), "lacks");

    [Test]
    public async Task ToRepoFile_MissingOid_ThrowsProtocol() =>
        await AssertProtocolError(File(oid: null), "lacks");

    [Test]
    public async Task ToRepoFile_MissingSize_ThrowsProtocol() =>
        await AssertProtocolError(File(size: null), "lacks");

    [Test]
    public async Task ToRepoFile_NegativeSize_ThrowsProtocol() =>
        await AssertProtocolError(File(size: -1), "lacks");

    [Test]
    [Arguments("../../../etc/passwd")]
    [Arguments("/abs")]
    [Arguments("a//b")]
    [Arguments("a\\b")]
    public async Task ToRepoFile_UnsafePath_ThrowsProtocol(string path) =>
        await AssertProtocolError(File(path), "unsafe path");

    [Test]
    [Arguments("b45ef6fec89518d314f546fd6c3025367b72168")]
    [Arguments("b45ef6fec89518d314f546fd6c3025367b7216840")]
    [Arguments("g45ef6fec89518d314f546fd6c3025367b721684")]
    [Arguments("B45EF6FEC89518D314F546FD6C3025367B721684")]
    [Arguments("../../../../../../../../../../../../../x")]
    [Arguments("")]
    public async Task ToRepoFile_BadGitOid_ThrowsProtocol(string oid) =>
        await AssertProtocolError(File(oid: oid), "invalid git oid");

    [Test]
    [Arguments("dffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986")]
    [Arguments("dffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986f0")]
    [Arguments("DFFD6021BB2BD5B0AF676290809EC3A53191DD81C7F70A4B28688A362182986F")]
    [Arguments("zffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986f")]
    public async Task ToRepoFile_BadLfsSha256_ThrowsProtocol(string sha) =>
        await AssertProtocolError(File(lfs: new LfsInfoDto(sha, 100)), "invalid LFS");

    [Test]
    public async Task ToRepoFile_LfsWithoutOid_ThrowsProtocol() =>
        await AssertProtocolError(File(lfs: new LfsInfoDto(null, 100)), "invalid LFS");

    [Test]
    public async Task ToRepoFile_LfsWithoutSize_ThrowsProtocol() =>
        await AssertProtocolError(File(lfs: new LfsInfoDto(Sha256, null)), "invalid LFS");

    [Test]
    public async Task ToRepoFile_LfsNegativeSize_ThrowsProtocol() =>
        await AssertProtocolError(File(lfs: new LfsInfoDto(Sha256, -5)), "invalid LFS");

    [Test]
    public async Task ToRepoFile_Error_StartsWithWhat()
    {
        var e = await Assert.That(() => TreeEntries.ToRepoFile(File(oid: "x"), "org/name@1234abcd file list")).Throws<HubException>();

        await Assert.That(e!.Message).StartsWith("org/name@1234abcd file list: ");
    }

    [Test]
    public async Task RejectDuplicates_DistinctPaths_DoesNotThrow()
    {
        var files = new List<RepoFile>
        {
            new("config.json", 1, GitOid, null),
            new("Config.json", 1, GitOid, null),
            new("onnx/config.json", 1, GitOid, null),
        };

        await Assert.That(() => TreeEntries.RejectDuplicates(files, "test")).ThrowsNothing();
    }

    [Test]
    public async Task RejectDuplicates_SamePathTwice_ThrowsProtocolNamingIt()
    {
        var files = new List<RepoFile>
        {
            new("config.json", 1, GitOid, null),
            new("model.bin", 2, GitOid, Sha256),
            new("config.json", 1, GitOid, null),
        };

        var e = await Assert.That(() => TreeEntries.RejectDuplicates(files, "test")).Throws<HubException>();

        await Assert.That(e!.Kind).IsEqualTo(HubErrorKind.Protocol);
        await Assert.That(e.Message).Contains("'config.json' twice");
    }

    [Test]
    public async Task RejectDuplicates_Empty_DoesNotThrow() =>
        await Assert.That(() => TreeEntries.RejectDuplicates([], "test")).ThrowsNothing();

    private static async Task AssertProtocolError(TreeEntryDto entry, string messagePart)
    {
        var e = await Assert.That(() => TreeEntries.ToRepoFile(entry, "test")).Throws<HubException>();

        await Assert.That(e!.Kind).IsEqualTo(HubErrorKind.Protocol);
        await Assert.That(e.Message).Contains(messagePart);
        await Assert.That(e.IsTransient).IsFalse();
    }
}
