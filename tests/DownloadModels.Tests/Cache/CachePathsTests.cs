using DownloadModels.Cache;

namespace DownloadModels.Tests.Cache;

public sealed class CachePathsTests
{
    [Test]
    public async Task Delete_ThroughLinkedFolder_RefusedAndTargetKept()
    {
        using var repo = new TempFolder();
        using var outside = new TempFolder();
        File.WriteAllText(outside.Combine("x"), "keep");
        Directory.CreateDirectory(repo.Combine("snapshots"));
        Directory.CreateSymbolicLink(repo.Combine("snapshots", "c"), outside.Path);

        var deleted = CachePaths.Delete(repo.Path, repo.Combine("snapshots", "c", "x"));

        await Assert.That(deleted).IsFalse();
        await Assert.That(File.Exists(outside.Combine("x"))).IsTrue();
    }

    [Test]
    public async Task Delete_LinkToFolder_RemovesOnlyTheLink()
    {
        using var repo = new TempFolder();
        using var outside = new TempFolder();
        File.WriteAllText(outside.Combine("x"), "keep");
        Directory.CreateSymbolicLink(repo.Combine("voices"), outside.Path);

        var deleted = CachePaths.Delete(repo.Path, repo.Combine("voices"));

        await Assert.That(deleted).IsTrue();
        await Assert.That(Directory.Exists(repo.Combine("voices"))).IsFalse();
        await Assert.That(File.Exists(outside.Combine("x"))).IsTrue();
    }

    [Test]
    [Arguments("..")]
    [Arguments("../other")]
    [Arguments(".")]
    public async Task IsSafeToDelete_OutsideOrTheFolderItself_False(string relative)
    {
        using var repo = new TempFolder();

        await Assert.That(CachePaths.IsSafeToDelete(repo.Path, Path.GetFullPath(Path.Combine(repo.Path, relative)))).IsFalse();
    }

    [Test]
    public async Task Delete_RealFolderAndFile_Removed()
    {
        using var repo = new TempFolder();
        Directory.CreateDirectory(repo.Combine("blobs", "abc"));
        File.WriteAllText(repo.Combine("blobs", "abc", "inner"), "x");
        File.WriteAllText(repo.Combine("blobs", "def"), "x");

        await Assert.That(CachePaths.Delete(repo.Path, repo.Combine("blobs", "abc"))).IsTrue();
        await Assert.That(CachePaths.Delete(repo.Path, repo.Combine("blobs", "def"))).IsTrue();
        await Assert.That(Directory.GetFileSystemEntries(repo.Combine("blobs"))).IsEmpty();
    }
}
