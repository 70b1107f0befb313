using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// A fake hub serving the pipeline's three repos (<see cref="PipelineRepos"/>), and what the tests need around
/// it: which requests came after a mark, and which of them moved file content.
/// </summary>
internal sealed class PipelineHub : IAsyncDisposable
{
    private PipelineHub(HubServer hub)
    {
        Hub = hub;
        Whisper = PipelineRepos.AddWhisper(hub);
        Kokoro = PipelineRepos.AddKokoro(hub);
        E5 = PipelineRepos.AddE5(hub);
    }

    public HubServer Hub { get; }

    public FakeRepo Whisper { get; }

    public FakeRepo Kokoro { get; }

    public FakeRepo E5 { get; }

    public string Url => Hub.ApiUrl;

    /// <summary>Each repo with the files the default job fetches (docs/pipeline-models.md).</summary>
    public IReadOnlyList<(FakeRepo Repo, string[] Wanted)> Repos =>
        [(Whisper, PipelineRepos.WhisperTinyWanted), (Kokoro, PipelineRepos.KokoroWanted), (E5, PipelineRepos.E5Wanted)];

    public static async Task<PipelineHub> StartAsync() => new(await HubServer.StartAsync());

    /// <summary>How many requests the hub has seen: pass it to <see cref="Since"/> later.</summary>
    public int Mark() => Hub.Requests.Count;

    public IReadOnlyList<FakeRequest> Since(int mark) => [.. Hub.Requests.Skip(mark)];

    /// <summary>
    /// Requests that fetch a file's bytes: any GET of /resolve/ or /api/resolve-cache/, anything on the CDN.
    /// HEAD requests and the JSON API (revision, tree) only describe files and are allowed.
    /// </summary>
    public static IReadOnlyList<FakeRequest> ContentFetches(IEnumerable<FakeRequest> requests) =>
        [.. requests.Where(r => r.Host == FakeHost.Cdn
            || (r.Method == "GET" && (r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal) || r.PathAndQuery.StartsWith("/api/resolve-cache/", StringComparison.Ordinal))))];

    public static string Describe(IEnumerable<FakeRequest> requests) =>
        string.Join('\n', requests.Select(r => $"{r.Method} {r.Host} {r.PathAndQuery} -> {r.Status} ({r.BodyBytesSent} B)"));

    /// <summary>The default job (<c>download-models</c> with no command) into <c>{home}/hf</c>.</summary>
    public Task<ProcessResult> DropInAsync(TempHome home, params string[] args) =>
        home.Run().Env("HF_HOME", home.Sub("hf")).Env("HF_ENDPOINT", Url).RunAsync(args);

    public ValueTask DisposeAsync() => Hub.DisposeAsync();

    /// <summary>The hub cache a test's HF_HOME (<c>{home}/hf</c>) holds.</summary>
    public static string CacheOf(TempHome home) => home.Sub("hf/hub");

    public static string RepoFolder(string hubCache, FakeRepo repo) =>
        Path.Combine(hubCache, "models--" + repo.Id.Replace("/", "--", StringComparison.Ordinal));
}
