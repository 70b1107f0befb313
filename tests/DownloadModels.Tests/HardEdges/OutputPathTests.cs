using System.Diagnostics;
using DownloadModels.Lockfile;
using DownloadModels.Manifest;
using DownloadModels.Repos;
using DownloadModels.Tests.Cli;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.HardEdges;

/// <summary>
/// Issue 25, defect 1: an output path (pack BUNDLE, sbom -o, init --manifest, lock) that is a character device,
/// a FIFO or a symbolic link stays what it is; a bundle inside the cache it is packed from is refused.
/// </summary>
public sealed class OutputPathTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    [Test]
    public async Task SbomOutput_SymbolicLink_LinkKeptTargetWritten()
    {
        using var cli = new CliHarness();
        var lockPath = WriteLock(cli);
        var target = Path.Combine(cli.Root, "real.cdx.json");
        var link = Path.Combine(cli.WorkingDirectory, "sbom.json");
        File.CreateSymbolicLink(link, target);

        var result = await cli.RunAsync("sbom", "--lock", lockPath, "-o", link);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(new FileInfo(link).LinkTarget).IsEqualTo(target);
        await Assert.That(File.ReadAllText(target)).Contains("CycloneDX");
    }

    [Test]
    public async Task SbomOutput_Fifo_WrittenIntoItStaysAFifo()
    {
        using var cli = new CliHarness();
        var lockPath = WriteLock(cli);
        var fifo = Path.Combine(cli.Root, "pipe");
        await Make("mkfifo", fifo);
        var reader = Task.Run(() => File.ReadAllText(fifo));

        var result = await cli.RunAsync("sbom", "--lock", lockPath, "-o", fifo);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(await reader.WaitAsync(TimeSpan.FromSeconds(30))).Contains("CycloneDX");
        await Assert.That(await Kind(fifo)).IsEqualTo("fifo");
    }

    [Test]
    public async Task SbomAndInitAndPack_CharacterDevice_StaysADevice()
    {
        // A private /dev/null (mknod c 1 3) in a temp folder: the machine's own is never put at risk.
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/m").AddFile("a.json", "{}");
        using var cli = new CliHarness(hub.ApiUrl);
        var lockPath = WriteLock(cli);
        var device = Path.Combine(cli.Root, "null");
        await Make("mknod", device, "c", "1", "3");

        var sbom = await cli.RunAsync("sbom", "--lock", lockPath, "-o", device);
        var init = await cli.RunAsync("init", "--manifest", device, "--force");
        var pack = await cli.RunAsync("pack", device, "org/m");

        await Assert.That(sbom.ExitCode).IsEqualTo(0).Because(sbom.ToString());
        await Assert.That(init.ExitCode).IsEqualTo(0).Because(init.ToString());
        await Assert.That(pack.ExitCode).IsEqualTo(0).Because(pack.ToString());
        await Assert.That(await Kind(device)).IsEqualTo("character special file");
    }

    [Test]
    public async Task Pack_IntoABlobOfTheCacheItReads_RefusedBlobIntact()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/m").AddFile("w.bin", 5000, lfs: true, seed: 3);
        using var cli = new CliHarness(hub.ApiUrl);
        var get = await cli.RunAsync("get", "org/m");
        await Assert.That(get.ExitCode).IsEqualTo(0).Because(get.ToString());
        var blob = Path.Combine(cli.HubCache, "models--org--m", "blobs", repo.Sha256Of("w.bin"));
        var before = File.ReadAllBytes(blob);

        var pack = await cli.RunAsync("pack", blob, "org/m");

        await Assert.That(pack.ExitCode).IsEqualTo(2).Because(pack.ToString());
        await Assert.That(pack.StdErr).Contains("inside the cache");
        await Assert.That(File.ReadAllBytes(blob)).IsEquivalentTo(before);
    }

    private static string WriteLock(CliHarness cli)
    {
        var path = Path.Combine(cli.WorkingDirectory, "download-models.lock");
        var model = new LockedModel(ModelInput.ForRepo(new RepoId(RepoType.Model, "org/m"), "main", [], []), Commit, [new RepoFile("a.json", 2, new string('a', 40), null)], []);
        File.WriteAllText(path, LockWriter.Format(new LockedSet([model]), "download-models.toml"));
        return path;
    }

    private static async Task Make(string tool, params string[] args)
    {
        using var process = Process.Start(tool, args);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({process.ExitCode})");
    }

    private static async Task<string> Kind(string path)
    {
        var psi = new ProcessStartInfo("stat", ["-c", "%F", path]) { RedirectStandardOutput = true };
        using var process = Process.Start(psi)!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return text.Trim();
    }
}
