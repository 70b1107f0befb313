using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Removal;

/// <summary>
/// A cache with two revisions of one repo, filled by real runs against the fake hub: commit A (downloaded by its id,
/// so no ref points at it) and commit B on main, which changed <c>config.json</c> and kept the other files — so
/// A's snapshot shares blobs with B's and owns one of its own. Plus a second repo, to see it left alone.
/// </summary>
internal sealed class CleanupFixture : IAsyncDisposable
{
    public const string CommitB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private CleanupFixture(HubServer hub, FakeRepo repo, string commitA, string configA, string configB)
    {
        Hub = hub;
        Repo = repo;
        CommitA = commitA;
        ConfigBlobA = configA;
        ConfigBlobB = configB;
    }

    public HubServer Hub { get; }

    public FakeRepo Repo { get; }

    public CliHarness Cli { get; private set; } = null!;

    public string CommitA { get; }

    /// <summary>The blob only commit A uses (its config.json).</summary>
    public string ConfigBlobA { get; }

    public string ConfigBlobB { get; }

    public string Folder => Path.Combine(Cli.HubCache, "models--org--model");

    public string OtherFolder => Path.Combine(Cli.HubCache, "models--org--other");

    public string Blob(string etag) => Path.Combine(Folder, "blobs", etag);

    public string Snapshot(string commit) => Path.Combine(Folder, "snapshots", commit);

    public string LockPath(string etag) => Path.Combine(Cli.HubCache, ".locks", "models--org--model", etag + ".lock");

    public static async Task<CleanupFixture> StartAsync()
    {
        var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("config.json", "{\"v\": 1}").AddFile("w.bin", 50_000, lfs: true).AddFile("sub/t.txt", "tokens");
        hub.AddRepo("org/other").AddFile("config.json", "{}");
        var commitA = repo.Commit;
        var configA = repo.GitSha1Of("config.json");
        var cli = new CliHarness(hub.ApiUrl);
        await Run(cli, "get", "org/model", "--revision", commitA);
        repo.SetCommit(CommitB).AddFile("config.json", "{\"v\": 2}");
        await Run(cli, "get", "org/model");
        await Run(cli, "get", "org/other");
        return new CleanupFixture(hub, repo, commitA, configA, repo.GitSha1Of("config.json")) { Cli = cli };
    }

    private static async Task Run(CliHarness cli, params string[] args)
    {
        var result = await cli.RunAsync(args);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"set-up run failed: {string.Join(' ', args)}\n{result}");
    }

    public async ValueTask DisposeAsync()
    {
        Cli.Dispose();
        await Hub.DisposeAsync();
    }
}
