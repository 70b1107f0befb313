using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Repro;

/// <summary>`sync`: exactly the lock into the cache, pinned across moved branches; --locked, --frozen, --offline.</summary>
public sealed class SyncCommandTests
{
    private const string DeadEndpoint = "http://127.0.0.1:9";

    [Test]
    public async Task Sync_NoLock_LocksThenInstallsTheLockedCommit()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);

        var result = await project.RunAsync("sync");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(project.ReadLock().Models.Single().Commit).IsEqualTo(repo.Commit);
        await Assert.That(File.ReadAllBytes(project.SnapshotPath("org/model", repo.Commit, "model.bin"))).IsEquivalentTo(repo.GetContent("model.bin"));
        await Assert.That(File.Exists(project.SnapshotPath("org/model", repo.Commit, "README.md"))).IsFalse();
        await Assert.That(project.Ref("org/model")).IsEqualTo(repo.Commit);
        await Assert.That(result.StdErr).Contains("added (2 files");
        await Assert.That(result.StdErr).Contains("Cache: ");
    }

    [Test]
    public async Task Sync_BranchMovedSinceTheLock_InstallsTheLockedCommitAndItsBytes()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        var locked = repo.Commit;
        var lockedWeights = repo.GetContent("model.bin");
        var lockedConfig = repo.GetContent("config.json");
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");
        var lockText = project.LockText;
        var moved = ReproRepos.Push(repo, "v2");
        hub.ClearRequests();

        var result = await project.RunAsync("sync");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(File.ReadAllBytes(project.SnapshotPath("org/model", locked, "model.bin"))).IsEquivalentTo(lockedWeights);
        await Assert.That(File.ReadAllBytes(project.SnapshotPath("org/model", locked, "config.json"))).IsEquivalentTo(lockedConfig);
        await Assert.That(project.Ref("org/model")).IsEqualTo(locked);
        await Assert.That(Directory.Exists(Path.Combine(project.RepoFolder("org/model"), "snapshots", moved))).IsFalse();
        await Assert.That(project.LockText).IsEqualTo(lockText);
        await Assert.That(hub.Requests.Any(r => r.PathAndQuery.Contains("/revision/", StringComparison.Ordinal))).IsFalse()
            .Because("a locked model is never resolved again");
    }

    [Test]
    public async Task Sync_ManifestGainedAnEntry_LocksOnlyThatEntryAndKeepsTheOtherCommit()
    {
        await using var hub = await HubServer.StartAsync();
        var a = ReproRepos.Add(hub, "org/a");
        var b = ReproRepos.Add(hub, "org/b");
        using var project = new ReproProject(hub.ApiUrl).Manifest("[[model]]\nrepo = \"org/a\"\n");
        await project.MustRunAsync("lock");
        var lockedA = a.Commit;
        ReproRepos.Push(a, "v2");
        project.Manifest("[[model]]\nrepo = \"org/a\"\n\n[[model]]\nrepo = \"org/b\"\n");

        var result = await project.RunAsync("sync");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var models = project.ReadLock().Models;
        await Assert.That(models.Single(m => m.Input.Repo.Id == "org/a").Commit).IsEqualTo(lockedA);
        await Assert.That(models.Single(m => m.Input.Repo.Id == "org/b").Commit).IsEqualTo(b.Commit);
        await Assert.That(project.Ref("org/a")).IsEqualTo(lockedA);
        await Assert.That(project.Ref("org/b")).IsEqualTo(b.Commit);
    }

    [Test]
    [Arguments("[[model]]\nrepo = \"org/model\"\ninclude = [\"*.json\"]\n", "org/model@main (line 1) changed since it was locked (include [*.bin, *.json] -> [*.json])")]
    [Arguments("[[model]]\nrepo = \"org/model\"\ninclude = [\"*.json\", \"*.bin\"]\n\n[[model]]\nrepo = \"org/other\"\n", "org/other@main (line 5) is not in the lock")]
    [Arguments("[[model]]\nrepo = \"org/other\"\n", "org/model@main is locked but no longer in the manifest")]
    public async Task SyncLocked_ManifestDrifted_ExitsTwoAndDownloadsNothing(string changed, string expected)
    {
        await using var hub = await HubServer.StartAsync();
        ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");
        var lockText = project.LockText;
        project.Manifest(changed);
        hub.ClearRequests();

        var result = await project.RunAsync("sync", "--locked");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("the lock no longer matches download-models.toml (--locked), nothing was downloaded:");
        await Assert.That(result.StdErr).Contains(expected);
        await Assert.That(hub.Requests).IsEmpty();
        await Assert.That(project.Cli.Layout()).IsEmpty();
        await Assert.That(project.LockText).IsEqualTo(lockText);
    }

    [Test]
    public async Task SyncLocked_NoLock_ExitsTwo()
    {
        await using var hub = await HubServer.StartAsync();
        ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);

        var result = await project.RunAsync("sync", "--locked");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("there is no lock yet");
        await Assert.That(File.Exists(project.LockPath)).IsFalse();
        await Assert.That(hub.Requests).IsEmpty();
    }

    [Test]
    public async Task SyncLocked_UpToDate_Installs()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");

        var result = await project.RunAsync("sync", "--locked");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(project.Ref("org/model")).IsEqualTo(repo.Commit);
    }

    [Test]
    public async Task SyncFrozen_ManifestGoneOrChanged_InstallsTheLockAsItIs()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        ReproRepos.Add(hub, "org/other");
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");
        var lockText = project.LockText;
        project.Manifest("[[model]]\nrepo = \"org/other\"\nthis is not toml");

        var result = await project.RunAsync("sync", "--frozen");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(project.Ref("org/model")).IsEqualTo(repo.Commit);
        await Assert.That(Directory.Exists(project.RepoFolder("org/other"))).IsFalse();
        await Assert.That(project.LockText).IsEqualTo(lockText);
    }

    [Test]
    public async Task SyncFrozen_NoLock_ExitsTwo()
    {
        using var project = new ReproProject(DeadEndpoint).Manifest(ReproRepos.Manifest);

        var result = await project.RunAsync("sync", "--frozen");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("no lock at");
        await Assert.That(result.StdErr).Contains("--frozen installs the lock as it is");
    }

    [Test]
    public async Task Sync_LockedAndFrozen_ExitsTwo()
    {
        using var project = new ReproProject(DeadEndpoint).Manifest(ReproRepos.Manifest);

        var result = await project.RunAsync("sync", "--locked", "--frozen");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("give --locked or --frozen, not both");
    }

    [Test]
    public async Task SyncOffline_AfterASync_SucceedsFromTheCacheWithoutARequest()
    {
        await using var hub = await HubServer.StartAsync();
        ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("sync");
        var layout = project.Cli.Layout();
        project.Cli.Env("HF_ENDPOINT", DeadEndpoint);

        var locked = await project.RunAsync("sync", "--offline", "--locked");
        var frozen = await project.RunAsync("sync", "--frozen", "--offline");

        await Assert.That(locked.ExitCode).IsEqualTo(0).Because(locked.ToString());
        await Assert.That(frozen.ExitCode).IsEqualTo(0).Because(frozen.ToString());
        await Assert.That(project.Cli.Layout()).IsEquivalentTo(layout);
    }

    [Test]
    public async Task SyncOffline_LockedFileMissingFromTheCache_ExitsOneNamingIt()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("sync");
        File.Delete(Path.Combine(project.RepoFolder("org/model"), "blobs", repo.Sha256Of("model.bin")));
        project.Cli.Env("HF_ENDPOINT", DeadEndpoint);

        var result = await project.RunAsync("sync", "--frozen", "--offline");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.All).Contains("1 of 2 files are missing from the cache (model.bin)");
    }

    [Test]
    public async Task SyncOffline_NoLock_ExitsTwoSayingLockingNeedsTheHub()
    {
        using var project = new ReproProject(DeadEndpoint).Manifest(ReproRepos.Manifest);

        var result = await project.RunAsync("sync", "--offline");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("does not exist, and locking needs the Hub (offline mode)");
    }

    [Test]
    public async Task SyncDryRun_NoLock_ReportsAndWritesNothing()
    {
        await using var hub = await HubServer.StartAsync();
        ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);

        var result = await project.RunAsync("sync", "--dry-run");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(File.Exists(project.LockPath)).IsFalse();
        await Assert.That(project.Cli.Layout()).IsEmpty();
        await Assert.That(result.StdErr).Contains("--dry-run: ");
        await Assert.That(result.StdOut).Contains("org/model");
    }

    [Test]
    public async Task Sync_OneLockedModelGone_ExitCodeCountsIt()
    {
        await using var hub = await HubServer.StartAsync();
        ReproRepos.Add(hub, "org/a");
        var b = ReproRepos.Add(hub, "org/b");
        using var project = new ReproProject(hub.ApiUrl).Manifest("[[model]]\nrepo = \"org/a\"\n[[model]]\nrepo = \"org/b\"\n");
        await project.MustRunAsync("lock");
        b.Disabled = true;

        var result = await project.RunAsync("sync", "--frozen");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(project.Ref("org/a")).IsNotNull();
        await Assert.That(project.Ref("org/b")).IsNull();
    }

    [Test]
    public async Task InitThenSync_SameCacheAsTheDropIn()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        using var project = new ReproProject(hub.ApiUrl);
        using var dropIn = new Cli.CliHarness(hub.ApiUrl);

        var init = await project.RunAsync("init");
        var sync = await project.RunAsync("sync");
        var plain = await dropIn.RunAsync();

        await Assert.That(init.ExitCode).IsEqualTo(0).Because(init.ToString());
        await Assert.That(sync.ExitCode).IsEqualTo(0).Because(sync.ToString());
        await Assert.That(plain.ExitCode).IsEqualTo(0).Because(plain.ToString());
        await Assert.That(Bundle.CacheSnapshot.Of(project.Cli.HubCache)).IsEquivalentTo(Bundle.CacheSnapshot.Of(dropIn.HubCache));
        await Assert.That(project.ReadLock().Models.Select(m => m.Input.Label)).IsEquivalentTo(["embeddings", "stt", "tts"]);
    }

    [Test]
    public async Task Init_ManifestExists_RefusesWithoutForce()
    {
        using var project = new ReproProject(DeadEndpoint).Manifest("# mine\n");

        var refused = await project.RunAsync("init");
        var mine = File.ReadAllText(project.ManifestPath);
        var forced = await project.RunAsync("init", "--force");

        await Assert.That(refused.ExitCode).IsEqualTo(2).Because(refused.ToString());
        await Assert.That(refused.StdErr).Contains("exists already: edit it, or pass --force");
        await Assert.That(mine).IsEqualTo("# mine\n");
        await Assert.That(forced.ExitCode).IsEqualTo(0).Because(forced.ToString());
        await Assert.That(File.ReadAllText(project.ManifestPath)).Contains("preset = \"embeddings\"");
    }
}
