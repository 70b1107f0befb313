using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Repro;

/// <summary>`sync --local-dir`: the locked set as plain files with huggingface_hub's metadata, as `get --local-dir` does.</summary>
public sealed class SyncLocalDirTests
{
    [Test]
    public async Task SyncLocalDir_OneLockedRepo_PlainFilesThenNothingFetchedTheSecondTime()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        var dir = Path.Combine(project.Cli.Root, "model");

        var first = await project.RunAsync("sync", "--local-dir", dir);
        hub.ClearRequests();
        var second = await project.RunAsync("sync", "--local-dir", dir);

        await Assert.That(first.ExitCode).IsEqualTo(0).Because(first.ToString());
        await Assert.That(second.ExitCode).IsEqualTo(0).Because(second.ToString());
        await Assert.That(new FileInfo(Path.Combine(dir, "model.bin")).LinkTarget).IsNull();
        await Assert.That(File.ReadAllBytes(Path.Combine(dir, "model.bin"))).IsEquivalentTo(repo.GetContent("model.bin"));
        await Assert.That(File.Exists(Path.Combine(dir, ".cache", "huggingface", "download", "model.bin.metadata"))).IsTrue();
        await Assert.That(File.Exists(Path.Combine(dir, "README.md"))).IsFalse();
        await Assert.That(Directory.Exists(project.Cli.HubCache)).IsFalse().Because("a local dir download leaves the cache alone");
        await Assert.That(hub.Requests.Where(r => r.Host == FakeHost.Cdn || r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal))).IsEmpty();
    }

    [Test]
    public async Task Sync_LocalDirWithCacheDir_UsageError()
    {
        using var project = new ReproProject("http://127.0.0.1:9").Manifest(ReproRepos.Manifest);

        var result = await project.RunAsync("sync", "--local-dir", "x", "--cache-dir", "y");

        await Assert.That(result.ExitCode).IsEqualTo(2);
        await Assert.That(result.StdErr).Contains("--local-dir and --cache-dir cannot be used together");
    }
}
