using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Repro;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Oci;

/// <summary>
/// sync --locked --from oci://…: a lock installed from a registry artifact (push --lock) instead of the Hub, on a host
/// that cannot reach the Hub, even after the branch moved; an artifact of another commit is refused, nothing written.
/// </summary>
[Category(TestCategory.Host)]
public sealed class OciSyncTests
{
    [Test]
    public async Task SyncLockedFrom_ArtifactOfTheLock_InstallsTheLockedCommitWithoutTheHub()
    {
        await using var hub = await HubServer.StartAsync();
        await using var registry = await TestRegistry.StartAsync();
        var repo = ReproRepos.Add(hub);
        var locked = repo.Commit;
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");
        ReproRepos.Push(repo, "v2");
        var push = await project.RunAsync("push", registry.Ref("sets/repro:v1"), "--lock", project.LockPath, "--registry-insecure");
        using var node = new CliHarness("http://127.0.0.1:9");
        File.Copy(project.ManifestPath, Path.Combine(node.WorkingDirectory, "download-models.toml"));
        File.Copy(project.LockPath, Path.Combine(node.WorkingDirectory, "download-models.lock"));

        var sync = await node.RunAsync("sync", "--locked", "--from", registry.Ref("sets/repro:v1"), "--registry-insecure");

        await Assert.That(push.ExitCode).IsEqualTo(0).Because(push.ToString());
        await Assert.That(sync.ExitCode).IsEqualTo(0).Because(sync.ToString());
        var repoFolder = Path.Combine(node.HubCache, "models--org--model");
        await Assert.That(File.ReadAllText(Path.Combine(repoFolder, "refs", "main"))).IsEqualTo(locked);
        var snapshot = Path.Combine(repoFolder, "snapshots", locked);
        await Assert.That(OciPushPullTests.Listing(snapshot).Select(l => l.Split(' ')[0])).IsEquivalentTo(["config.json", "model.bin"]);
        await Assert.That(File.ReadAllText(Path.Combine(snapshot, "config.json"))).IsEqualTo("{\"version\": 1}\n");
    }

    [Test]
    public async Task SyncLockedFrom_ArtifactOfAnotherCommit_RefusedNothingWritten()
    {
        await using var hub = await HubServer.StartAsync();
        await using var registry = await TestRegistry.StartAsync();
        var repo = ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");
        ReproRepos.Push(repo, "v2");
        using var pusher = new CliHarness(hub.ApiUrl);
        var push = await pusher.RunAsync("push", registry.Ref("sets/repro:latest"), "org/model", "--registry-insecure");
        using var node = new CliHarness("http://127.0.0.1:9");
        File.Copy(project.ManifestPath, Path.Combine(node.WorkingDirectory, "download-models.toml"));
        File.Copy(project.LockPath, Path.Combine(node.WorkingDirectory, "download-models.lock"));

        var sync = await node.RunAsync("sync", "--locked", "--from", registry.Ref("sets/repro:latest"), "--registry-insecure");

        await Assert.That(push.ExitCode).IsEqualTo(0).Because(push.ToString());
        await Assert.That(sync.ExitCode).IsEqualTo(1).Because(sync.ToString());
        await Assert.That(sync.StdErr).Contains("does not hold org/model at the locked commit");
        await Assert.That(Directory.Exists(Path.Combine(node.HubCache, "models--org--model"))).IsFalse();
    }
}
