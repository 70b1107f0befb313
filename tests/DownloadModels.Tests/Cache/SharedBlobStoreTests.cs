using DownloadModels.Cache;
using DownloadModels.Repos;

namespace DownloadModels.Tests.Cache;

/// <summary>
/// huggingface_hub's cache-wide shared blob store (cache-layout.md): a repo blob that links into
/// <c>{cache}/blobs/{xx}/{xet_hash}</c> counts as present, read through the link.
/// </summary>
public sealed class SharedBlobStoreTests
{
    private const string Sha256 = "dffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986f";
    private const string XetHash = "ab0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd";
    private const string Content = "Hello, World!";

    private static readonly RepoFile File13 = new("model.bin", Content.Length, new string('0', 40), Sha256, XetHash);

    /// <summary>Lays out the store as cache-layout.md documents it and links the repo blob to it.</summary>
    private static RepoCache StoreLinked(TempFolder temp, bool marker = true, string? linkTarget = null)
    {
        var repo = new HubCache(temp.Path).Repo(new RepoId(RepoType.Model, "org/name"));
        var storeFile = temp.Combine("blobs", XetHash[..2], XetHash);
        Directory.CreateDirectory(Path.GetDirectoryName(storeFile)!);
        File.WriteAllText(storeFile, Content);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(storeFile, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        if (marker)
            File.WriteAllText(temp.Combine("blobs", SharedBlobStore.MarkerName), "1\n");
        Directory.CreateDirectory(Path.Combine(repo.Folder, "blobs"));
        File.CreateSymbolicLink(repo.BlobPath(Sha256), linkTarget ?? $"../../blobs/{XetHash[..2]}/{XetHash}");
        return repo;
    }

    [Test]
    public async Task HasBlob_LinkIntoStore_Present()
    {
        using var temp = new TempFolder();
        var repo = StoreLinked(temp);

        await Assert.That(repo.HasBlob(File13)).IsTrue();
        await Assert.That(repo.BlobContentPath(Sha256)).IsEqualTo(temp.Combine("blobs", XetHash[..2], XetHash));
    }

    [Test]
    public async Task HasBlob_StoreWithoutMarker_NotPresent()
    {
        using var temp = new TempFolder();
        var repo = StoreLinked(temp, marker: false);

        await Assert.That(repo.HasBlob(File13)).IsFalse();
        await Assert.That(repo.BlobContentPath(Sha256)).IsEqualTo(repo.BlobPath(Sha256));
    }

    [Test]
    [Arguments("../../blobs/cd/ab0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd")]
    [Arguments("../../../elsewhere/ab0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd")]
    [Arguments("../../blobs/ab/not-a-hash")]
    public async Task HasBlob_LinkOfAnotherShape_NotPresentAndNotFollowed(string target)
    {
        using var temp = new TempFolder();
        var repo = StoreLinked(temp, linkTarget: target);

        await Assert.That(repo.HasBlob(File13)).IsFalse();
        await Assert.That(repo.BlobContentPath(Sha256)).IsEqualTo(repo.BlobPath(Sha256));
    }

    [Test]
    public async Task HasBlob_StoreFileOfOtherSize_NotPresent()
    {
        using var temp = new TempFolder();
        var repo = StoreLinked(temp);

        await Assert.That(repo.HasBlob(File13 with { Size = 14 })).IsFalse();
    }

    [Test]
    public async Task InferredTree_SnapshotLinkThroughStore_NamedByRepoBlobWithStoreSize()
    {
        using var temp = new TempFolder();
        var repo = StoreLinked(temp);
        var commit = new string('1', 40);
        repo.LinkSnapshot(commit, File13);

        var inferred = InferredTree.FromSnapshot(repo, commit).Single();

        await Assert.That(inferred.Etag).IsEqualTo(Sha256);
        await Assert.That(inferred.Size).IsEqualTo(Content.Length);
    }
}
