using DownloadModels.Cache;
using DownloadModels.Repos;

namespace DownloadModels.Tests.Cache;

public sealed class RepoCacheTests
{
    private const string Commit = "2439f60ef33a0d46d85da5001d52aeda5a0ce1e5";
    private const string OtherCommit = "0000000000000000000000000000000000000001";
    private const string Etag = "b45ef6fec89518d314f546fd6c3025367b721684";
    private const string Sha256 = "dffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986f";

    private static readonly RepoId Repo = new(RepoType.Model, "org/name");

    private static RepoCache NewRepo(TempFolder temp) => new HubCache(temp.Path).Repo(Repo);

    private static RepoFile WriteBlob(RepoCache repo, string path, string etag = Etag, string content = "Hello, World!")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(repo.BlobPath(etag))!);
        File.WriteAllText(repo.BlobPath(etag), content);
        return new RepoFile(path, content.Length, etag, null);
    }

    [Test]
    [Arguments("config.json", "../../blobs/E")]
    [Arguments("1_Pooling/config.json", "../../../blobs/E")]
    [Arguments("a/b/c/d.bin", "../../../../../blobs/E")]
    public async Task RelativeBlobTarget_NestedPath_OneMoreDotDotPerFolder(string path, string expected) =>
        await Assert.That(RepoCache.RelativeBlobTarget(path, "E")).IsEqualTo(expected);

    [Test]
    public async Task Paths_ForRepo_FollowHuggingfaceHubLayout()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        var folder = temp.Combine("models--org--name");

        await Assert.That(repo.Folder).IsEqualTo(folder);
        await Assert.That(repo.BlobPath(Etag)).IsEqualTo(Path.Combine(folder, "blobs", Etag));
        await Assert.That(repo.IncompletePath(Etag)).IsEqualTo(Path.Combine(folder, "blobs", Etag + ".incomplete"));
        await Assert.That(repo.SnapshotPath(Commit, "1_Pooling/config.json")).IsEqualTo(Path.Combine(folder, "snapshots", Commit, "1_Pooling", "config.json"));
        await Assert.That(repo.RefPath("refs/pr/1")).IsEqualTo(Path.Combine(folder, "refs", "refs", "pr", "1"));
        await Assert.That(repo.NoExistPath(Commit, "a/b.json")).IsEqualTo(Path.Combine(folder, ".no_exist", Commit, "a", "b.json"));
    }

    [Test]
    [Arguments("config.json")]
    [Arguments("1_Pooling/config.json")]
    [Arguments("a/b/c/d.bin")]
    public async Task LinkSnapshot_NewFile_RelativeSymlinkResolvingToBlob(string path)
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        var file = WriteBlob(repo, path);

        repo.LinkSnapshot(Commit, file);

        var link = new FileInfo(repo.SnapshotPath(Commit, path));
        await Assert.That(link.LinkTarget).IsEqualTo(RepoCache.RelativeBlobTarget(path, Etag));
        await Assert.That(link.ResolveLinkTarget(returnFinalTarget: true)?.FullName).IsEqualTo(repo.BlobPath(Etag));
        await Assert.That(await File.ReadAllTextAsync(link.FullName)).IsEqualTo("Hello, World!");
        await Assert.That(temp.Entries().Any(e => e.Contains(".tmp-", StringComparison.Ordinal))).IsFalse();
    }

    [Test]
    public async Task LinkSnapshot_LfsFile_LinksToSha256Blob()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        WriteBlob(repo, "model.bin", Sha256);
        var file = new RepoFile("model.bin", 13, Etag, Sha256);

        repo.LinkSnapshot(Commit, file);

        await Assert.That(new FileInfo(repo.SnapshotPath(Commit, "model.bin")).LinkTarget).IsEqualTo("../../blobs/" + Sha256);
    }

    [Test]
    public async Task LinkSnapshot_WrongLinkThere_Replaced()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        var file = WriteBlob(repo, "config.json");
        var linkPath = repo.SnapshotPath(Commit, "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(linkPath)!);
        File.CreateSymbolicLink(linkPath, "../../blobs/" + Sha256);

        repo.LinkSnapshot(Commit, file);

        await Assert.That(new FileInfo(linkPath).LinkTarget).IsEqualTo("../../blobs/" + Etag);
        await Assert.That(await File.ReadAllTextAsync(linkPath)).IsEqualTo("Hello, World!");
    }

    [Test]
    public async Task LinkSnapshot_DanglingLinkThere_Replaced()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        var file = WriteBlob(repo, "config.json");
        var linkPath = repo.SnapshotPath(Commit, "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(linkPath)!);
        File.CreateSymbolicLink(linkPath, "/nonexistent/dm-tests/nowhere");

        repo.LinkSnapshot(Commit, file);

        await Assert.That(new FileInfo(linkPath).LinkTarget).IsEqualTo("../../blobs/" + Etag);
        await Assert.That(File.Exists(linkPath)).IsTrue();
    }

    [Test]
    public async Task LinkSnapshot_RegularFileThere_ReplacedByLink()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        var file = WriteBlob(repo, "1_Pooling/config.json");
        var linkPath = repo.SnapshotPath(Commit, "1_Pooling/config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(linkPath)!);
        await File.WriteAllTextAsync(linkPath, "a real file left by a copy-mode client");

        repo.LinkSnapshot(Commit, file);

        await Assert.That(new FileInfo(linkPath).LinkTarget).IsEqualTo("../../../blobs/" + Etag);
        await Assert.That(await File.ReadAllTextAsync(linkPath)).IsEqualTo("Hello, World!");
    }

    [Test]
    public async Task LinkSnapshot_DirectoryThere_ReplacedByLink()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        var file = WriteBlob(repo, "config.json");
        var linkPath = repo.SnapshotPath(Commit, "config.json");
        Directory.CreateDirectory(Path.Combine(linkPath, "inner"));

        repo.LinkSnapshot(Commit, file);

        await Assert.That(new FileInfo(linkPath).LinkTarget).IsEqualTo("../../blobs/" + Etag);
    }

    [Test]
    public async Task LinkSnapshot_CorrectLinkThere_LeftAlone()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        var file = WriteBlob(repo, "config.json");
        repo.LinkSnapshot(Commit, file);
        var linkPath = repo.SnapshotPath(Commit, "config.json");
        var before = File.GetLastWriteTimeUtc(Path.GetDirectoryName(linkPath)!);
        // Timestamps are coarse (a kernel tick): wait so that a replacement would show in the folder's mtime.
        await Task.Delay(30);

        repo.LinkSnapshot(Commit, file);

        await Assert.That(new FileInfo(linkPath).LinkTarget).IsEqualTo("../../blobs/" + Etag);
        await Assert.That(File.GetLastWriteTimeUtc(Path.GetDirectoryName(linkPath)!)).IsEqualTo(before);
    }

    [Test]
    public async Task WriteRef_Branch_WritesCommitWithoutNewline()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);

        repo.WriteRef("main", Commit);

        var bytes = await File.ReadAllBytesAsync(temp.Combine("models--org--name", "refs", "main"));
        await Assert.That(bytes.Length).IsEqualTo(40);
        await Assert.That(System.Text.Encoding.ASCII.GetString(bytes)).IsEqualTo(Commit);
    }

    [Test]
    public async Task WriteRef_PullRequestRef_NestedFolders()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);

        repo.WriteRef("refs/pr/1", Commit);

        await Assert.That(await File.ReadAllTextAsync(temp.Combine("models--org--name", "refs", "refs", "pr", "1"))).IsEqualTo(Commit);
    }

    [Test]
    public async Task WriteRef_RevisionIsTheCommit_WritesNoRef()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);

        repo.WriteRef(Commit, Commit);

        await Assert.That(Directory.Exists(temp.Combine("models--org--name", "refs"))).IsFalse();
    }

    [Test]
    public async Task WriteRef_ExistingRef_ReplacedAtomically()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        repo.WriteRef("main", OtherCommit);

        repo.WriteRef("main", Commit);

        await Assert.That(await File.ReadAllTextAsync(repo.RefPath("main"))).IsEqualTo(Commit);
        await Assert.That(temp.Entries()).IsEquivalentTo(["models--org--name", "models--org--name/refs", "models--org--name/refs/main"]);
    }

    [Test]
    public async Task WriteRef_RefWithTrailingNewline_RewrittenWithout()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        Directory.CreateDirectory(Path.GetDirectoryName(repo.RefPath("main"))!);
        await File.WriteAllTextAsync(repo.RefPath("main"), Commit + "\n");

        repo.WriteRef("main", Commit);

        await Assert.That(await File.ReadAllTextAsync(repo.RefPath("main"))).IsEqualTo(Commit);
    }

    [Test]
    [Arguments("")]
    [Arguments("\n")]
    [Arguments("\r\n")]
    [Arguments("  \n\n")]
    public async Task ReadRef_TrailingWhitespace_Tolerated(string suffix)
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        Directory.CreateDirectory(Path.GetDirectoryName(repo.RefPath("main"))!);
        await File.WriteAllTextAsync(repo.RefPath("main"), Commit + suffix);

        await Assert.That(repo.ReadRef("main")).IsEqualTo(Commit);
    }

    [Test]
    [Arguments("garbage")]
    [Arguments("")]
    [Arguments("2439F60EF33A0D46D85DA5001D52AEDA5A0CE1E5")]
    [Arguments("2439f60ef33a0d46d85da5001d52aeda5a0ce1e")]
    [Arguments("ref: refs/heads/main")]
    public async Task ReadRef_NotACommit_ReturnsNull(string content)
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        Directory.CreateDirectory(Path.GetDirectoryName(repo.RefPath("main"))!);
        await File.WriteAllTextAsync(repo.RefPath("main"), content);

        await Assert.That(repo.ReadRef("main")).IsNull();
    }

    [Test]
    public async Task ReadRef_Missing_ReturnsNull()
    {
        using var temp = new TempFolder();

        await Assert.That(NewRepo(temp).ReadRef("main")).IsNull();
    }

    [Test]
    public async Task ReadRef_CommitHashRevision_ReturnsItWithoutAFile()
    {
        using var temp = new TempFolder();

        await Assert.That(NewRepo(temp).ReadRef(Commit)).IsEqualTo(Commit);
    }

    [Test]
    public async Task ReadRef_AfterWriteRef_RoundTrips()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        repo.WriteRef("refs/pr/1", Commit);

        await Assert.That(repo.ReadRef("refs/pr/1")).IsEqualTo(Commit);
    }

    [Test]
    [Arguments("preprocessor_config.json")]
    [Arguments("1_Pooling/config.json")]
    public async Task MarkMissing_Path_CreatesEmptyMarker(string path)
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);

        repo.MarkMissing(Commit, path);
        repo.MarkMissing(Commit, path);

        var marker = new FileInfo(temp.Combine(["models--org--name", ".no_exist", Commit, .. path.Split('/')]));
        await Assert.That(marker.Exists).IsTrue();
        await Assert.That(marker.Length).IsEqualTo(0);
        await Assert.That(marker.LinkTarget).IsNull();
    }

    [Test]
    public async Task HasBlob_BlobWithListedSize_True()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        var file = WriteBlob(repo, "config.json");

        await Assert.That(repo.HasBlob(file)).IsTrue();
    }

    [Test]
    public async Task HasBlob_BlobWithOtherSize_False()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        var file = WriteBlob(repo, "config.json");

        await Assert.That(repo.HasBlob(file with { Size = file.Size + 1 })).IsFalse();
        await Assert.That(repo.HasBlob(file with { Size = file.Size - 1 })).IsFalse();
    }

    [Test]
    public async Task HasBlob_NoBlob_False()
    {
        using var temp = new TempFolder();

        await Assert.That(NewRepo(temp).HasBlob(new RepoFile("config.json", 13, Etag, null))).IsFalse();
    }

    [Test]
    public async Task HasBlob_OnlyIncompleteBlob_False()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        Directory.CreateDirectory(Path.GetDirectoryName(repo.IncompletePath(Etag))!);
        await File.WriteAllTextAsync(repo.IncompletePath(Etag), "Hello, World!");

        await Assert.That(repo.HasBlob(new RepoFile("config.json", 13, Etag, null))).IsFalse();
    }

    [Test]
    public async Task HasBlob_BlobIsASymlink_False()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        var real = temp.Combine("elsewhere");
        await File.WriteAllTextAsync(real, "Hello, World!");
        Directory.CreateDirectory(Path.GetDirectoryName(repo.BlobPath(Etag))!);
        File.CreateSymbolicLink(repo.BlobPath(Etag), real);

        await Assert.That(repo.HasBlob(new RepoFile("config.json", 13, Etag, null))).IsFalse();
    }

    [Test]
    public async Task LinkSnapshot_NameOf245Bytes_Linked()
    {
        using var temp = new TempFolder();
        var repo = NewRepo(temp);
        var file = new RepoFile(new string('a', 240) + ".json", 1, "b45ef6fec89518d314f546fd6c3025367b721684", null);

        repo.LinkSnapshot("2439f60ef33a0d46d85da5001d52aeda5a0ce1e5", file);

        await Assert.That(new FileInfo(repo.SnapshotPath("2439f60ef33a0d46d85da5001d52aeda5a0ce1e5", file.Path)).LinkTarget).IsNotNull();
    }
}
