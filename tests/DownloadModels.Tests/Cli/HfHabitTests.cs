using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>
/// What people type from `hf` habit (issue 23): `get REPO FILE...`, a --cache-dir that is a hub cache,
/// model/ dataset/ space/ prefixes and --yes on rm, -V, list -q piped into rm, verify --all, `--`,
/// and the exit code of a usage error outside the drop-in.
/// </summary>
[Timeout(60_000)]
public sealed class HfHabitTests
{
    [Test]
    public async Task Get_RepoThenOneFile_FetchesThatFileAlonePrintsItsPath(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("hexgrad/Kokoro-82M").AddFile("config.json", "{\"a\":1}").AddFile("kokoro-v1_0.pth", 50_000, lfs: true)
            .AddFile("voices/af_heart.pt", 20_000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "hexgrad/Kokoro-82M", "config.json"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var snapshot = Path.Combine(cli.HubCache, "models--hexgrad--Kokoro-82M", "snapshots", repo.Commit);
        await Assert.That(result.StdOut).IsEqualTo(Path.Combine(snapshot, "config.json") + "\n");
        await Assert.That(Directory.EnumerateFiles(snapshot, "*", SearchOption.AllDirectories).Select(p => Path.GetFileName(p)!).ToArray()).IsEquivalentTo(["config.json"]);
    }

    [Test]
    public async Task Get_RepoThenTwoFiles_FetchesThoseTwoPrintsTheSnapshot(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/m").AddFile("config.json", "{}").AddFile("weights/model.safetensors", 10_000, lfs: true).AddFile("other.bin", 10_000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/m", "config.json", "weights/model.safetensors"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var snapshot = Path.Combine(cli.HubCache, "models--org--m", "snapshots", repo.Commit);
        await Assert.That(result.StdOut).IsEqualTo(snapshot + "\n");
        await Assert.That(File.Exists(Path.Combine(snapshot, "other.bin"))).IsFalse();
        await Assert.That(File.Exists(Path.Combine(snapshot, "weights/model.safetensors"))).IsTrue();
    }

    [Test]
    public async Task Get_ReposAndAFileMixed_RefusedBeforeAnythingIsFetchedWithTheAlternative(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/a").AddFile("config.json", "{}");
        hub.AddRepo("org/b").AddFile("config.json", "{}");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/a", "org/b", "config.json"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("download-models get org/a --include config.json");
        await Assert.That(Directory.Exists(cli.HubCache)).IsFalse();
    }

    [Test]
    public async Task CacheDir_ThatIsAHubCache_WarnsNamingTheFix(CancellationToken ct)
    {
        using var cli = new CliHarness("http://127.0.0.1:9");
        var hubCache = Path.Combine(cli.Root, "shared-hub");
        Directory.CreateDirectory(Path.Combine(hubCache, "models--org--m", "snapshots"));

        var result = await cli.RunAsync(["list", "--cache-dir", hubCache], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdErr).Contains($"warning: --cache-dir {hubCache} is a hub cache itself (it holds models--* folders");
        await Assert.That(result.StdErr).Contains($"HF_HUB_CACHE={hubCache}");
    }

    [Test]
    public async Task ListQuiet_PipedIntoRmYes_RemovesThoseRepos(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/a").AddFile("config.json", "{}");
        hub.AddRepo("org/data", "dataset").AddFile("data.csv", "a,b");
        using var cli = new CliHarness(hub.ApiUrl);
        await Assert.That((await cli.RunAsync(["get", "org/a"], ct)).ExitCode).IsEqualTo(0);
        await Assert.That((await cli.RunAsync(["get", "--repo-type", "dataset", "org/data"], ct)).ExitCode).IsEqualTo(0);

        var ids = await cli.RunAsync(["list", "-q"], ct);

        await Assert.That(ids.ExitCode).IsEqualTo(0).Because(ids.ToString());
        await Assert.That(ids.StdOut).IsEqualTo("dataset/org/data\nmodel/org/a\n");
        var rm = await cli.RunAsync(["rm", "-y", .. ids.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)], ct);
        await Assert.That(rm.ExitCode).IsEqualTo(0).Because(rm.ToString());
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "models--org--a"))).IsFalse();
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "datasets--org--data"))).IsFalse();
    }

    [Test]
    public async Task Rm_OnATerminalWithoutYes_AsksAndANoKeepsEverything(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/a").AddFile("config.json", "{}");
        using var cli = new CliHarness(hub.ApiUrl);
        await Assert.That((await cli.RunAsync(["get", "org/a"], ct)).ExitCode).IsEqualTo(0);
        string? asked = null;
        cli.Confirm = question =>
        {
            asked = question;
            return false;
        };

        var result = await cli.RunAsync(["rm", "model/org/a"], ct);

        await Assert.That(asked).IsNotNull().Because(result.ToString());
        await Assert.That(asked!).Contains("model/org/a");
        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("Nothing removed: not confirmed (give --yes to skip the question).");
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "models--org--a"))).IsTrue();
    }

    [Test]
    public async Task VerifyAll_ChecksEveryRepoInTheCache_BareVerifyHintsAtIt(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/a").AddFile("config.json", "{}");
        using var cli = new CliHarness(hub.ApiUrl);
        await Assert.That((await cli.RunAsync(["get", "org/a"], ct)).ExitCode).IsEqualTo(0);

        var all = await cli.RunAsync(["verify", "--all"], ct);
        var bare = await cli.RunAsync(["verify", "--offline"], ct);

        await Assert.That(all.ExitCode).IsEqualTo(0).Because(all.ToString());
        await Assert.That(all.StdOut).Contains("org/a");
        await Assert.That(bare.StdErr).Contains("none of the pipeline's models is in this cache; to check what it holds: download-models verify --all").Because(bare.ToString());
    }

    [Test]
    public async Task DoubleDash_EndsOptions_ADashedNameIsARepo(CancellationToken ct)
    {
        using var cli = new CliHarness("http://127.0.0.1:9");

        var result = await cli.RunAsync(["rm", "--dry-run", "--", "-org/x"], ct);

        // Read as a repo id (and refused as one), not as an unknown option.
        await Assert.That(result.StdErr).DoesNotContain("unknown option").Because(result.ToString());
        await Assert.That(result.StdErr).Contains("-org/x");
    }

    [Test]
    [Arguments("-V")]
    [Arguments("--version")]
    public async Task Version_ShortAndLong_NameAndCommit(string flag, CancellationToken ct)
    {
        using var cli = new CliHarness("http://127.0.0.1:9");

        var result = await cli.RunAsync([flag], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Matches(@"^download-models 0\.1\.0 \(([0-9a-f]{7,40}|unknown commit)\)\n$");
    }

    [Test]
    [Arguments("get|org/model|--includ|*.json", 2)]
    [Arguments("lsit", 2)]
    [Arguments("list|--sort|bogus", 2)]
    [Arguments("--whisper-modle|tiny", 1)]
    [Arguments("--jobs|many", 1)]
    public async Task UsageError_Two_OutsideTheDropIn_WhichKeepsOne(string joined, int expected, CancellationToken ct)
    {
        using var cli = new CliHarness("http://127.0.0.1:9");

        var result = await cli.RunAsync(joined.Split('|'), ct);

        await Assert.That(result.ExitCode).IsEqualTo(expected).Because(result.ToString());
    }

    [Test]
    public async Task HelpCommand_NamesTheCommandsHelp(CancellationToken ct)
    {
        using var cli = new CliHarness("http://127.0.0.1:9");

        var viaHelp = await cli.RunAsync(["help", "rm"], ct);
        var viaFlag = await cli.RunAsync(["rm", "--help"], ct);

        await Assert.That(viaHelp.ExitCode).IsEqualTo(0).Because(viaHelp.ToString());
        await Assert.That(viaHelp.StdOut).IsEqualTo(viaFlag.StdOut);
    }

    [Test]
    [Arguments("bash", "complete -o default -F")]
    [Arguments("zsh", "#compdef download-models")]
    [Arguments("fish", "complete -c download-models")]
    public async Task Completion_EachShell_AScriptThatAsksTheBinary(string shell, string marker, CancellationToken ct)
    {
        using var cli = new CliHarness("http://127.0.0.1:9");

        var result = await cli.RunAsync(["completion", shell], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Contains(marker);
        await Assert.That(result.StdOut).Contains("[suggest");
    }
}
