using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Repro;

/// <summary>
/// The lock is the authority: a hand-edited lock and bytes that disagree with it both fail, and nothing that
/// disagrees is ever linked into a snapshot.
/// </summary>
public sealed class SyncTamperTests
{
    private const string TwoRepos = "[[model]]\nrepo = \"org/model\"\ninclude = [\"*.json\", \"*.bin\"]\n\n[[model]]\nrepo = \"org/other\"\n";

    [Test]
    [Arguments("sync")]
    [Arguments("sync", "--frozen")]
    [Arguments("sync", "--locked")]
    public async Task Sync_HashEditedInTheLock_FailsThatModelAndLinksNothingOfIt(params string[] command)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        var other = ReproRepos.Add(hub, "org/other");
        using var project = new ReproProject(hub.ApiUrl).Manifest(TwoRepos);
        await project.MustRunAsync("lock");
        var real = repo.Sha256Of("model.bin");
        var forged = new string('e', 64);
        // A consistent forgery: sha256 and etag both changed, as someone who knows the format would do.
        File.WriteAllText(project.LockPath, project.LockText.Replace(real, forged, StringComparison.Ordinal));

        var result = await project.RunAsync(command);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.All).Contains($"org/model@{repo.Commit[..7]}: the lock does not match the Hub's listing of this commit (model.bin: the lock says sha256 {forged}, the Hub lists {real})");
        await Assert.That(Directory.Exists(Path.Combine(project.RepoFolder("org/model"), "snapshots"))).IsFalse();
        await Assert.That(project.Ref("org/model")).IsNull();
        await Assert.That(hub.BytesSent("org/model/resolve")).IsEqualTo(0);
        await Assert.That(project.Ref("org/other")).IsEqualTo(other.Commit).Because("the other model is not affected");
    }

    [Test]
    public async Task SyncDryRun_HashEditedInTheLock_ReportsTheMismatch()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");
        File.WriteAllText(project.LockPath, project.LockText.Replace(repo.Sha256Of("model.bin"), new string('e', 64), StringComparison.Ordinal));

        var result = await project.RunAsync("sync", "--frozen", "--dry-run");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.All).Contains("the lock does not match the Hub's listing of this commit");
        await Assert.That(project.Cli.Layout()).IsEmpty();
    }

    [Test]
    public async Task Sync_EtagEditedAlone_RefusedBeforeAnyRequest()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");
        File.WriteAllText(project.LockPath, project.LockText.Replace($"etag = \"{repo.Sha256Of("model.bin")}\"", $"etag = \"{new string('e', 64)}\"", StringComparison.Ordinal));
        hub.ClearRequests();

        var result = await project.RunAsync("sync", "--frozen");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("download-models.lock:15: etag");
        await Assert.That(result.StdErr).Contains("the lock was edited by hand");
        await Assert.That(hub.Requests).IsEmpty();
        await Assert.That(project.Cli.Layout()).IsEmpty();
    }

    [Test]
    public async Task Sync_CommitEditedToOneTheHubLacks_FailsThatModel()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");
        File.WriteAllText(project.LockPath, project.LockText.Replace(repo.Commit, new string('f', 40), StringComparison.Ordinal));

        var result = await project.RunAsync("sync", "--frozen");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(project.Cli.Layout().Any(p => p.Contains("snapshots", StringComparison.Ordinal))).IsFalse();
    }

    [Test]
    public async Task Sync_FileRemovedFromTheHubCommit_ReportedAsMismatch()
    {
        await using var hub = await HubServer.StartAsync();
        ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");
        File.WriteAllText(project.LockPath, project.LockText.Replace("path = \"config.json\"", "path = \"configs.json\"", StringComparison.Ordinal));

        var result = await project.RunAsync("sync", "--frozen");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.All).Contains("configs.json is not a file of this commit");
    }

    [Test]
    public async Task Sync_BytesDisagreeWithTheLock_FileFailsAndIsNotLinked()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");
        // Every answer for the weights carries one flipped byte: the listing agrees with the lock, the bytes do not.
        hub.Faults.FlipByte(1_000, times: int.MaxValue, pathContains: "model.bin");

        var result = await project.RunAsync("sync", "--frozen");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.All).Contains(repo.Sha256Of("model.bin"));
        var weights = project.SnapshotPath("org/model", repo.Commit, "model.bin");
        await Assert.That(File.Exists(weights) || new FileInfo(weights).LinkTarget is not null).IsFalse();
        await Assert.That(File.Exists(Path.Combine(project.RepoFolder("org/model"), "blobs", repo.Sha256Of("model.bin")))).IsFalse();
        await Assert.That(project.Ref("org/model")).IsNull();
    }
}
