using DownloadModels.Cache;
using DownloadModels.Repos;

namespace DownloadModels.Tests.Cache;

public sealed class HubCacheTests
{
    private static readonly RepoId Repo = new(RepoType.Model, "org/name");

    [Test]
    public async Task EnsureCreated_NewFolder_WritesCacheDirTag()
    {
        using var temp = new TempFolder();
        var root = temp.Combine("hub");

        new HubCache(root).EnsureCreated();

        var tag = await File.ReadAllTextAsync(Path.Combine(root, "CACHEDIR.TAG"));
        await Assert.That(tag).StartsWith("Signature: 8a477f597d28d172789f06886806bc55");
        await Assert.That(tag.Split('\n').Skip(1).Where(l => l.Length > 0).All(l => l.StartsWith('#'))).IsTrue();
        await Assert.That(temp.Entries()).IsEquivalentTo(["hub", "hub/CACHEDIR.TAG"]);
    }

    [Test]
    public async Task EnsureCreated_ExistingTag_LeftAlone()
    {
        using var temp = new TempFolder();
        var tag = temp.Combine("CACHEDIR.TAG");
        await File.WriteAllTextAsync(tag, "Signature: 8a477f597d28d172789f06886806bc55\n# written by huggingface_hub\n");

        new HubCache(temp.Path).EnsureCreated();

        await Assert.That(await File.ReadAllTextAsync(tag)).Contains("written by huggingface_hub");
    }

    [Test]
    public async Task Root_RelativePath_MadeAbsolute()
    {
        var cache = new HubCache("relative/hub");

        await Assert.That(Path.IsPathRooted(cache.Root)).IsTrue();
        await Assert.That(cache.Root).EndsWith(Path.Combine("relative", "hub"));
    }

    [Test]
    public async Task LockPath_Blob_UnderLocksRepoFolder()
    {
        using var temp = new TempFolder();

        var path = new HubCache(temp.Path).LockPath(Repo, "abc123");

        await Assert.That(path).IsEqualTo(temp.Combine(".locks", "models--org--name", "abc123.lock"));
    }

    [Test]
    public async Task LockPath_Dataset_UsesDatasetFolder()
    {
        using var temp = new TempFolder();

        var path = new HubCache(temp.Path).LockPath(new RepoId(RepoType.Dataset, "org/data"), "e");

        await Assert.That(path).IsEqualTo(temp.Combine(".locks", "datasets--org--data", "e.lock"));
    }

    [Test]
    public async Task Repo_Id_FolderUnderRoot()
    {
        using var temp = new TempFolder();

        var repo = new HubCache(temp.Path).Repo(Repo);

        await Assert.That(repo.Folder).IsEqualTo(temp.Combine("models--org--name"));
        await Assert.That(repo.Repo).IsEqualTo(Repo);
    }

    [Test]
    public async Task CheckWritable_WritableFolder_NullAndNoProbeLeft()
    {
        using var temp = new TempFolder();
        var root = temp.Combine("hub");

        await Assert.That(new HubCache(root).CheckWritable()).IsNull();
        await Assert.That(temp.Entries()).IsEquivalentTo(["hub", "hub/CACHEDIR.TAG"]);
    }

    [Test]
    public async Task CheckWritable_ParentIsARegularFile_MessageNamesPath()
    {
        using var temp = new TempFolder();
        var file = temp.Combine("not-a-folder");
        await File.WriteAllTextAsync(file, "x");
        var root = Path.Combine(file, "hub");

        var message = new HubCache(root).CheckWritable();

        await Assert.That(message).IsNotNull();
        await Assert.That(message!).Contains(root);
        await Assert.That(message).Contains($"{file} is a file, not a folder");
        await Assert.That(message).Contains("--cache-dir");
    }
}
