using System.Security.Cryptography;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.LocalDir;

/// <summary>
/// A fake hub with one repo of small text files, a nested file and an LFS file, a CLI harness, and a local dir
/// for <c>get --local-dir</c>; plus what the tests look at: files, metadata lines and the content requests.
/// </summary>
internal sealed class LocalDirFixture : IAsyncDisposable
{
    private LocalDirFixture(HubServer hub)
    {
        Hub = hub;
        Repo = hub.AddRepo("org/model")
            .AddFile("config.json", "{\"hidden_size\": 8}")
            .AddFile("sub/notes.txt", "nested file\n")
            .AddFile("weights.bin", 300_000, lfs: true);
        Cli = new CliHarness(hub.ApiUrl);
        Dir = Path.Combine(Cli.Root, "local");
    }

    public HubServer Hub { get; }

    public FakeRepo Repo { get; }

    public CliHarness Cli { get; }

    /// <summary>The --local-dir folder (not created beforehand).</summary>
    public string Dir { get; }

    public string MetadataPath(string path) => Path.Combine(Dir, ".cache", "huggingface", "download", path + ".metadata");

    public static async Task<LocalDirFixture> StartAsync() => new(await HubServer.StartAsync());

    public Task<EndToEnd.ProcessResult> GetAsync(params string[] extra) => Cli.RunAsync(["get", "org/model", "--local-dir", Dir, .. extra]);

    /// <summary>Requests that move file content (resolve GETs and anything on the CDN) since <paramref name="mark"/>.</summary>
    public IReadOnlyList<FakeRequest> ContentFetchesSince(int mark) =>
        [.. Hub.Requests.Skip(mark).Where(r => r.Host == FakeHost.Cdn
            || (r.Method == "GET" && (r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal) || r.PathAndQuery.StartsWith("/api/resolve-cache/", StringComparison.Ordinal))))];

    /// <summary>Every file and link under the local dir with its content hash and mtime: what a run changed shows as a difference.</summary>
    public SortedDictionary<string, string> Snapshot()
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(Dir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var info = new FileInfo(path);
            entries[Path.GetRelativePath(Dir, path)] = info.LinkTarget is { } target ? "link " + target
                : $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))} {info.LastWriteTimeUtc:O}";
        }

        return entries;
    }

    public async ValueTask DisposeAsync()
    {
        Cli.Dispose();
        await Hub.DisposeAsync();
    }
}
