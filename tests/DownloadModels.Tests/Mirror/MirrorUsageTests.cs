using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Tests.Mirror;

/// <summary>Bad folders and dry runs: one line, exit 1, nothing written.</summary>
public sealed class MirrorUsageTests
{
    [Test]
    public async Task Mirror_DirInsideCache_ExitsTwo()
    {
        await using var setup = await MirrorSetup.StartAsync();

        var result = await setup.Source.RunAsync("mirror", Path.Combine(setup.Source.HubCache, "mirror"), "org/m");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("must not contain each other");
    }

    [Test]
    public async Task Mirror_DirIsAFile_ExitsOneSayingItIsAFile()
    {
        await using var setup = await MirrorSetup.StartAsync();
        var file = Path.Combine(setup.Source.Root, "a-file");
        await File.WriteAllTextAsync(file, "x");

        var result = await setup.Source.RunAsync("mirror", file, "org/m");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains($"{file} is a file, not a folder");
    }

    [Test]
    public async Task Mirror_NoDir_ExitsTwoButHelpWorks()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("mirror");
        var help = await cli.RunAsync("mirror", "--help");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("mirror needs DIR: download-models mirror DIR [REPO...] [options]");
        await Assert.That(help.ExitCode).IsEqualTo(0).Because(help.ToString());
        await Assert.That(help.StdOut).Contains("Usage: download-models mirror DIR [REPO...] [options]");
    }

    [Test]
    public async Task Mirror_DryRun_ReportsAndWritesNothing()
    {
        await using var setup = await MirrorSetup.StartAsync();
        setup.Hub.AddRepo("org/m").AddFile("a.json", "{}");

        var result = await setup.MirrorAsync("org/m", "--dry-run");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Directory.Exists(setup.Dir)).IsFalse();
        await Assert.That(Directory.Exists(setup.Source.HubCache) && Directory.EnumerateDirectories(setup.Source.HubCache, "models--*").Any()).IsFalse();
    }

    [Test]
    public async Task Mirror_ReposAndOnly_ExitsTwo()
    {
        await using var setup = await MirrorSetup.StartAsync();
        PipelineRepos.AddAll(setup.Hub);

        var result = await setup.MirrorAsync("org/m", "--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr.Trim().Split('\n').Length).IsEqualTo(1);
    }
}
