using DownloadModels.Cache;

namespace DownloadModels.Tests.Cache;

public sealed class SnapshotWalkerTests
{
    [Test]
    public async Task Entries_DotfilesNestedFilesAndLinks_AllListedWithSlashPaths()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Combine(".gitattributes"), "");
        Directory.CreateDirectory(temp.Combine("1_Pooling"));
        File.CreateSymbolicLink(temp.Combine("1_Pooling", "config.json"), "../../blobs/x");
        Directory.CreateDirectory(temp.Combine("empty"));

        var entries = SnapshotWalker.Entries(temp.Path).Select(e => e.RelativePath).ToArray();

        await Assert.That(entries).IsEquivalentTo([".gitattributes", "1_Pooling/config.json"]);
    }

    [Test]
    public async Task Entries_LinkToFolderOrLoop_ListedNotEntered()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Combine("sub"));
        File.WriteAllText(temp.Combine("sub", "a"), "");
        Directory.CreateSymbolicLink(temp.Combine("sub", "up"), "..");
        Directory.CreateSymbolicLink(temp.Combine("self"), ".");

        var entries = SnapshotWalker.Entries(temp.Path).Select(e => e.RelativePath).ToArray();

        await Assert.That(entries).IsEquivalentTo(["self", "sub/a", "sub/up"]);
    }

    [Test]
    public async Task Entries_MissingFolder_Empty()
    {
        using var temp = new TempFolder();

        await Assert.That(SnapshotWalker.Entries(temp.Combine("none"))).IsEmpty();
    }
}
