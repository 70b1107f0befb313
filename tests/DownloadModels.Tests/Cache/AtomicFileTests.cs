using DownloadModels.Cache;

namespace DownloadModels.Tests.Cache;

public sealed class AtomicFileTests
{
    [Test]
    public async Task WriteAllText_NewFile_CreatesFolderAndContent()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("a", "b", "file");

        AtomicFile.WriteAllText(path, "content");

        await Assert.That(await File.ReadAllTextAsync(path)).IsEqualTo("content");
        await Assert.That(temp.Entries()).IsEquivalentTo(["a", "a/b", "a/b/file"]);
    }

    [Test]
    public async Task WriteAllText_ExistingFile_ReplacesContentNoTempLeft()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("file");
        await File.WriteAllTextAsync(path, "a much longer old content that must not survive");

        AtomicFile.WriteAllText(path, "new");

        await Assert.That(await File.ReadAllTextAsync(path)).IsEqualTo("new");
        await Assert.That(temp.Entries()).IsEquivalentTo(["file"]);
    }

    [Test]
    public async Task WriteAllText_OverASymlink_ReplacesTheLinkNotItsTarget()
    {
        using var temp = new TempFolder();
        var target = temp.Combine("target");
        await File.WriteAllTextAsync(target, "untouched");
        var path = temp.Combine("link");
        File.CreateSymbolicLink(path, target);

        AtomicFile.WriteAllText(path, "new");

        await Assert.That(new FileInfo(path).LinkTarget).IsNull();
        await Assert.That(await File.ReadAllTextAsync(path)).IsEqualTo("new");
        await Assert.That(await File.ReadAllTextAsync(target)).IsEqualTo("untouched");
    }

    [Test]
    public async Task WriteAllText_Fails_LeavesNoTemp()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("folder");
        Directory.CreateDirectory(Path.Combine(path, "inner"));

        await Assert.That(() => AtomicFile.WriteAllText(path, "x")).Throws<IOException>();
        await Assert.That(temp.Entries()).IsEquivalentTo(["folder", "folder/inner"]);
    }

    [Test]
    public async Task ReplaceWithSymlink_RegularFile_BecomesLink()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("snap", "config.json");
        Directory.CreateDirectory(temp.Combine("snap"));
        await File.WriteAllTextAsync(path, "old real file");
        await File.WriteAllTextAsync(temp.Combine("blob"), "blob content");

        AtomicFile.ReplaceWithSymlink(path, "../blob");

        await Assert.That(new FileInfo(path).LinkTarget).IsEqualTo("../blob");
        await Assert.That(await File.ReadAllTextAsync(path)).IsEqualTo("blob content");
        await Assert.That(temp.Entries()).IsEquivalentTo(["blob", "snap", "snap/config.json"]);
    }

    [Test]
    public async Task ReplaceWithSymlink_ExistingLink_Retargeted()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("link");
        File.CreateSymbolicLink(path, "old-target");

        AtomicFile.ReplaceWithSymlink(path, "new-target");

        await Assert.That(new FileInfo(path).LinkTarget).IsEqualTo("new-target");
        await Assert.That(temp.Entries()).IsEquivalentTo(["link"]);
    }

    [Test]
    public async Task ReplaceWithSymlink_NoFolder_CreatesFolder()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("snapshots", "c", "1_Pooling", "config.json");

        AtomicFile.ReplaceWithSymlink(path, "../../../blobs/e");

        await Assert.That(new FileInfo(path).LinkTarget).IsEqualTo("../../../blobs/e");
    }
}
