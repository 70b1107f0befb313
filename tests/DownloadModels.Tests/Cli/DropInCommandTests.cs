using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

public sealed class DropInCommandTests
{
    [Test]
    public async Task NoArguments_PipelineRepos_FetchesExactlyThePipelineFiles()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync();

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(SnapshotFiles(cli, "models--Systran--faster-whisper-tiny")).IsEquivalentTo(PipelineRepos.WhisperTinyWanted);
        await Assert.That(SnapshotFiles(cli, "models--hexgrad--Kokoro-82M")).IsEquivalentTo(PipelineRepos.KokoroWanted);
        await Assert.That(SnapshotFiles(cli, "models--intfloat--multilingual-e5-small")).IsEquivalentTo(PipelineRepos.E5Wanted);
    }

    [Test]
    public async Task NoArguments_E5LacksOptionalFiles_WritesNoExistMarkers()
    {
        await using var hub = await HubServer.StartAsync();
        var e5 = PipelineRepos.AddE5(hub);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("--only", "embeddings");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var noExist = Path.Combine(cli.HubCache, "models--intfloat--multilingual-e5-small", ".no_exist", e5.Commit);
        await Assert.That(File.Exists(Path.Combine(noExist, "added_tokens.json"))).IsTrue();
        await Assert.That(File.Exists(Path.Combine(noExist, "config_sentence_transformers.json"))).IsTrue();
        await Assert.That(new FileInfo(Path.Combine(noExist, "added_tokens.json")).Length).IsEqualTo(0);
    }

    [Test]
    [Arguments("stt", "models--Systran--faster-whisper-tiny")]
    [Arguments("tts", "models--hexgrad--Kokoro-82M")]
    [Arguments("embeddings", "models--intfloat--multilingual-e5-small")]
    public async Task Only_OneRole_FetchesOnlyThatModel(string only, string folder)
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("--only", only);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var repos = Directory.GetDirectories(cli.HubCache, "models--*").Select(d => Path.GetFileName(d)!).ToArray();
        await Assert.That(repos).IsEquivalentTo([folder]);
    }

    [Test]
    public async Task WhisperModel_FromEnvironment_UsedWhenNoFlag()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddWhisper(hub, "small");
        using var cli = new CliHarness(hub.ApiUrl);
        cli.Env("WHISPER_MODEL", "small");

        var result = await cli.RunAsync("--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "models--Systran--faster-whisper-small"))).IsTrue();
    }

    [Test]
    public async Task WhisperModel_FlagBeatsEnvironment_FlagWins()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddWhisper(hub, "base");
        using var cli = new CliHarness(hub.ApiUrl);
        cli.Env("WHISPER_MODEL", "medium");

        var result = await cli.RunAsync("--only", "stt", "--whisper-model", "base");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "models--Systran--faster-whisper-base"))).IsTrue();
    }

    [Test]
    public async Task WhisperModel_RepoId_UsedAsIs()
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("acme/my-whisper").AddFile("model.bin", 1000, lfs: true).AddFile("config.json", "{}").AddFile("other.txt", "x");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("--only", "stt", "--whisper-model", "acme/my-whisper");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(SnapshotFiles(cli, "models--acme--my-whisper")).IsEquivalentTo(["config.json", "model.bin"]);
    }

    [Test]
    [Arguments("--whisper-model", "huge", "tiny, tiny.en")]
    [Arguments("--only", "vision", "stt, tts, embeddings")]
    [Arguments("--jobs", "0", "--jobs must be between 1 and 64")]
    [Arguments("--timeout", "0", "--timeout must be between")]
    [Arguments("--endpoint", "ftp://mirror", "")]
    public async Task InvalidValue_AnyFlag_ExitsOneWithValidValues(string flag, string value, string expected)
    {
        using var cli = new CliHarness("http://127.0.0.1:9");

        var result = await cli.RunAsync(flag, value);

        await Assert.That(result.ExitCode).IsEqualTo(1);
        await Assert.That(result.StdErr).Contains(expected);
        await Assert.That(result.StdErr.Trim().Split('\n').Length).IsEqualTo(1);
        await Assert.That(Directory.Exists(cli.HubCache)).IsFalse();
    }

    [Test]
    public async Task UnknownFlag_Any_ExitsOneWithOneLine()
    {
        using var cli = new CliHarness("http://127.0.0.1:9");

        var result = await cli.RunAsync("--bogus");

        await Assert.That(result.ExitCode).IsEqualTo(1);
        await Assert.That(result.StdErr).Contains("--bogus");
        await Assert.That(result.StdErr).Contains("--help");
    }

    [Test]
    public async Task Help_Requested_ListsExamplesAndExitCodes()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("--help");

        await Assert.That(result.ExitCode).IsEqualTo(0);
        await Assert.That(result.StdOut).Contains("--whisper-model");
        await Assert.That(result.StdOut).Contains("Examples:");
        await Assert.That(result.StdOut).Contains("130");
    }

    [Test]
    public async Task Help_OnSubcommandWithRequiredArgument_ShowsHelpNotAnError()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("get", "--help");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("--include");
        await Assert.That(result.StdErr).IsEmpty();
    }

    internal static string[] SnapshotFiles(CliHarness cli, string repoFolder)
    {
        var snapshots = Path.Combine(cli.HubCache, repoFolder, "snapshots");
        var commit = Directory.GetDirectories(snapshots).Single();
        return Directory.EnumerateFiles(commit, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(commit, p)).Order(StringComparer.Ordinal).ToArray();
    }
}
