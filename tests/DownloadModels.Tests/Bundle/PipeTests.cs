using System.IO.Pipelines;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Bundle;

/// <summary>`pack - | unpack -` in-process: the bundle streams through a pipe while both run, and no human line reaches the bundle.</summary>
public sealed class PipeTests
{
    [Test]
    public async Task PackToStdout_UnpackFromStdin_SameLayoutAndStdoutIsOnlyTheBundle()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        using var source = new CliHarness(hub.ApiUrl);
        using var target = new CliHarness();
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024));

        var packing = PackThenCloseAsync(source, hub.ApiUrl, pipe.Writer.AsStream());
        var unpacking = BundleCli.RunAsync(target, null, BundleCli.Reading(pipe.Reader.AsStream()), "unpack", "-");
        var (pack, unpack) = (await packing, await unpacking);

        await Assert.That(pack.ExitCode).IsEqualTo(0).Because(pack.ToString());
        await Assert.That(pack.StdOut).IsEmpty();
        await Assert.That(pack.StdErr).Contains("Cache: ");
        await Assert.That(pack.StdErr).Contains("Packed 3 repo(s)");
        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        await Assert.That(CacheSnapshot.Of(target.HubCache)).IsEquivalentTo(CacheSnapshot.Of(source.HubCache));
    }

    [Test]
    public async Task PackToStdout_Terminal_RefusesWithoutDownloading()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        using var source = new CliHarness(hub.ApiUrl);

        var pack = await BundleCli.RunAsync(source, hub.ApiUrl, BundleCli.Writing(new MemoryStream(), terminal: true), "pack", "-");

        await Assert.That(pack.ExitCode).IsEqualTo(2).Because(pack.ToString());
        await Assert.That(pack.StdErr).Contains("refusing to write a binary bundle to a terminal");
        await Assert.That(hub.Requests).IsEmpty();
    }

    [Test]
    public async Task UnpackFromStdin_Terminal_Refuses()
    {
        using var target = new CliHarness();

        var unpack = await BundleCli.RunAsync(target, null, BundleCli.Reading(new MemoryStream(), terminal: true), "unpack", "-");

        await Assert.That(unpack.ExitCode).IsEqualTo(2).Because(unpack.ToString());
        await Assert.That(unpack.StdErr).Contains("refusing to read a bundle from a terminal");
    }

    [Test]
    public async Task PackToStdout_ReaderGoesAway_FailsNamingIt()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddWhisper(hub, modelSize: 2_000_000);
        using var source = new CliHarness(hub.ApiUrl);

        var pack = await BundleCli.RunAsync(source, hub.ApiUrl, BundleCli.Writing(new BrokenPipeStream(100_000)), "pack", "-", "--only", "stt");

        await Assert.That(pack.ExitCode).IsEqualTo(1).Because(pack.ToString());
        await Assert.That(pack.StdErr).Contains("the reader of the bundle went away");
    }

    [Test]
    public async Task PackToStdout_Failure_StreamIsRefusedByUnpack()
    {
        await using var hub = await HubServer.StartAsync();
        var whisper = PipelineRepos.AddWhisper(hub);
        using var source = new CliHarness(hub.ApiUrl);
        using var target = new CliHarness();
        await source.RunAsync("--only", "stt");
        var blob = Path.Combine(source.HubCache, "models--Systran--faster-whisper-tiny", "blobs", whisper.Sha256Of("model.bin"));
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[^1] ^= 0x01;
        await File.WriteAllBytesAsync(blob, bytes);
        var stdout = new MemoryStream();

        var pack = await BundleCli.RunAsync(source, hub.ApiUrl, BundleCli.Writing(stdout), "pack", "-", "--only", "stt", "--offline");
        var unpack = await BundleCli.RunAsync(target, null, BundleCli.Reading(new MemoryStream(stdout.ToArray())), "unpack", "-");

        await Assert.That(pack.ExitCode).IsEqualTo(1).Because(pack.ToString());
        await Assert.That(pack.StdErr).Contains("incomplete and will be refused by unpack");
        await Assert.That(unpack.ExitCode).IsNotEqualTo(0).Because(unpack.ToString());
        await Assert.That(Directory.Exists(target.HfHome)).IsFalse();
    }

    private static async Task<EndToEnd.ProcessResult> PackThenCloseAsync(CliHarness source, string endpoint, Stream stdout)
    {
        try
        {
            return await BundleCli.RunAsync(source, endpoint, BundleCli.Writing(stdout), "pack", "-");
        }
        finally
        {
            await stdout.DisposeAsync();
        }
    }
}
