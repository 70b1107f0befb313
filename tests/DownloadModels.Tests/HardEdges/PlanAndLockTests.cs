using DownloadModels.Tests.Repro;
using DownloadModels.Tests.Cli;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.HardEdges;

/// <summary>Issue 25, defects 5 and 6: a listing naming both x and x/y; a lock with a file line deleted by hand.</summary>
public sealed class PlanAndLockTests
{
    [Test]
    public async Task Get_ListingNamesAFileAndAFolderOfTheSameName_RefusedBeforeAnythingIsWritten()
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/clash").AddFile("a.json", "{}").AddFile("x", "file").AddFile("x/y", "below");
        using var cli = new CliHarness(hub.ApiUrl);

        var first = await cli.RunAsync("get", "org/clash");

        await Assert.That(first.ExitCode).IsEqualTo(1).Because(first.ToString());
        await Assert.That(first.StdErr).Contains("'x' both as a file and as a folder");
        await Assert.That(cli.Layout().Where(p => p.Contains("snapshots", StringComparison.Ordinal) || p.Contains("blobs", StringComparison.Ordinal))).IsEmpty();
    }

    [Test]
    [Arguments("sync", "--frozen")]
    [Arguments("sync", "--locked")]
    public async Task Sync_FileLineDeletedFromTheLock_RefusedNothingInstalled(params string[] command)
    {
        await using var hub = await HubServer.StartAsync();
        ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");
        var lines = File.ReadAllLines(project.LockPath).ToList();
        var fileLines = lines.Where(l => l.TrimStart().StartsWith("{ path = ", StringComparison.Ordinal)).ToArray();
        await Assert.That(fileLines.Length).IsGreaterThan(1);
        lines.Remove(fileLines[0]);
        File.WriteAllText(project.LockPath, string.Join('\n', lines) + "\n");

        var result = await project.RunAsync(command);

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.All).Contains("file_count says").Because(result.ToString());
        await Assert.That(project.Ref("org/model")).IsNull();
    }
}
