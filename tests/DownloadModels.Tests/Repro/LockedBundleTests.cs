using DownloadModels.Tests.Bundle;
using DownloadModels.Tests.Cli;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Repro;

/// <summary>pack --lock and mirror --lock: exactly the locked set goes to the air-gapped host, even after the branch moved.</summary>
public sealed class LockedBundleTests
{
    [Test]
    public async Task PackLock_BranchMoved_BundleHoldsTheLockedCommitAndFiles()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        var locked = repo.Commit;
        var lockedWeights = repo.Sha256Of("model.bin");
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");
        ReproRepos.Push(repo, "v2");
        var bundle = Path.Combine(project.Cli.Root, "models.tar.zst");

        var pack = await project.RunAsync("pack", bundle, "--lock", project.LockPath);

        await Assert.That(pack.ExitCode).IsEqualTo(0).Because(pack.ToString());
        var packed = BundleFile.ReadManifest(bundle).Repos!.Single();
        await Assert.That(packed.Commit).IsEqualTo(locked);
        await Assert.That(packed.Files!.Select(f => f.Path!)).IsEquivalentTo(["config.json", "model.bin"]);
        await Assert.That(packed.Files!.Single(f => f.Path == "model.bin").Sha256).IsEqualTo(lockedWeights);

        using var airGapped = new CliHarness("http://127.0.0.1:9");
        var unpack = await airGapped.RunAsync("unpack", bundle);
        File.Copy(project.LockPath, Path.Combine(airGapped.WorkingDirectory, "download-models.lock"));
        var offline = await airGapped.RunAsync("sync", "--frozen", "--offline");
        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        await Assert.That(offline.ExitCode).IsEqualTo(0).Because(offline.ToString());
    }

    [Test]
    public async Task PackLock_WithRepoIds_ExitsTwo()
    {
        using var project = new ReproProject("http://127.0.0.1:9");

        var result = await project.RunAsync("pack", "x.tar.zst", "--lock", "download-models.lock", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("give either --lock FILE or a selection");
    }

    [Test]
    public async Task PackLock_NoSuchLock_ExitsTwo()
    {
        using var project = new ReproProject("http://127.0.0.1:9");

        var result = await project.RunAsync("pack", "x.tar.zst", "--lock", "missing.lock");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("no lock at");
    }

    [Test]
    public async Task MirrorLock_BranchMoved_ServesTheLockedCommitUnderTheBranch()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        var locked = repo.Commit;
        var lockedConfig = repo.GetContent("config.json");
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");
        ReproRepos.Push(repo, "v2");
        var mirror = Path.Combine(project.Cli.Root, "mirror");

        var result = await project.RunAsync("mirror", mirror, "--lock", project.LockPath);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(File.ReadAllBytes(Path.Combine(mirror, "org", "model", "resolve", locked, "config.json"))).IsEquivalentTo(lockedConfig);
        await Assert.That(File.Exists(Path.Combine(mirror, "org", "model", "resolve", locked, "README.md"))).IsFalse();
        await Assert.That(File.ReadAllText(Path.Combine(mirror, "api", "models", "org", "model", "revision", "main"))).Contains(locked);
    }
}
