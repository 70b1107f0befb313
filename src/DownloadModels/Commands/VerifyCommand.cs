using System.CommandLine;
using System.Diagnostics;
using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Engine;
using DownloadModels.Inspection;
using DownloadModels.Output;
using DownloadModels.Output.Json;
using DownloadModels.Presets;
using DownloadModels.Repos;

namespace DownloadModels.Commands;

/// <summary>
/// `verify [selection] [--repair]`: re-hashes every cached file of the selection against its commit's
/// listing and reports what is missing, corrupt, dangling, wrongly linked or extra. The answer to "the
/// cache is corrupted: rm -rf and download again": --repair deletes only what is bad and fetches it again.
/// Exit code N = repos with problems (left after --repair).
/// </summary>
internal sealed class VerifyCommand
{
    private readonly SelectionOptions _selection = new();

    private readonly Option<bool> _repair = new("--repair")
    {
        Description = "Fetch again what is wrong (corrupt blobs and files the commit does not have are deleted first), then verify again.",
    };

    private readonly Option<bool> _all = new("--all")
    {
        Description = "Every repo the cache holds, at each of its refs (or snapshots without one), instead of the pipeline's models.",
    };

    public VerifyCommand(AppEnvironment env, CommonOptions common)
    {
        _selection.AddTo(Command);
        Command.Options.Add(_repair);
        Command.Options.Add(_all);
        common.AddDownload(Command);
        Command.Validators.Add(result =>
        {
            if (result.GetValue(_all) && (result.GetValue(_selection.Repos.Repos) is { Length: > 0 } || result.GetResult(_selection.DropIn.Only) is not null
                    || result.GetResult(_selection.DropIn.WhisperModel) is not null))
                result.AddError("--all checks every repo in the cache: drop the repo ids and --only/--whisper-model, or drop --all.");
        });
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, parse, ct, async () =>
        {
            using var context = RunContext.Create(parse, common, env);
            var hubCache = context.Settings.Cache.HubCacheDir;
            if (parse.GetValue(_all))
                return await RunAsync(context, AllInCache(hubCache), parse.GetValue(_repair), ct);
            var requests = _selection.Requests(parse, context);
            if (!_selection.Repos.HasRepos(parse) && !context.Output.Json && PipelineAbsentButCacheUsed(hubCache, requests))
                env.Error.WriteLine("Hint: none of the pipeline's models is in this cache; to check what it holds: download-models verify --all");
            return await RunAsync(context, requests, parse.GetValue(_repair), ct);
        }));
    }

    /// <summary>--all: each repo of the cache at each ref, and at each snapshot no ref points to.</summary>
    private static IReadOnlyList<ModelRequest> AllInCache(string hubCache)
    {
        var listing = CacheScanner.Scan(Path.GetFullPath(hubCache), false);
        var requests = new List<ModelRequest>();
        foreach (var repo in listing.Repos)
        {
            var type = repo.RepoType switch { "dataset" => RepoType.Dataset, "space" => RepoType.Space, _ => RepoType.Model };
            var revisions = repo.Refs.Keys.Concat(repo.Snapshots.Where(s => s.Refs.Count == 0).Select(s => s.Commit)).Distinct(StringComparer.Ordinal);
            requests.AddRange(revisions.Select(revision => new ModelRequest(ModelSpec.ForRepo(repo.RepoId, [], [], revision), new RepoId(type, repo.RepoId))));
        }

        return requests;
    }

    /// <summary>True when the cache holds repos but none of the ones asked for: bare verify on a cache that `get` filled.</summary>
    private static bool PipelineAbsentButCacheUsed(string hubCache, IReadOnlyList<ModelRequest> requests)
    {
        try
        {
            return Directory.Exists(hubCache)
                && requests.All(r => !Directory.Exists(Path.Combine(hubCache, CacheLayout.RepoFolderName(r.Repo))))
                && Directory.EnumerateDirectories(hubCache).Any(d => CacheLayout.TryParseRepoFolderName(Path.GetFileName(d), out _, out _));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public Command Command { get; } = new("verify", HelpText.Describe(
        "Re-hash the cached files of the selection (the pipeline's models, or REPO ids) against their commit; report missing, " +
        "corrupt, dangling, wrongly linked and extra files. --dry-run with --repair: say what would be repaired.",
        "download-models verify                          # the three pipeline models",
        "download-models verify --repair                 # fix what is wrong, then verify again",
        "download-models verify BAAI/bge-m3 --json       # one JSON document: every file ok or its problem",
        "download-models verify --all                    # every repo the cache holds"));

    private static async Task<int> RunAsync(RunContext context, IReadOnlyList<ModelRequest> requests, bool repair, CancellationToken ct)
    {
        var (settings, env) = (context.Settings, context.Env);
        if (repair && settings.Offline)
            throw new UsageException("--repair fetches from the Hub, so it cannot run offline (--offline or HF_HUB_OFFLINE): drop one of them.");
        var clock = Stopwatch.StartNew();
        context.WritePreamble();
        if (settings.Offline && !settings.Quiet)
            env.Error.WriteLine("Offline: checking against the cache's own records (refs/ and trees/{commit}.json).");

        var results = await VerifyAsync(context, requests, ct);
        var broken = results.Where(r => r.HasProblems).ToArray();
        if (broken.Length == 0 || !repair || settings.DryRun)
        {
            var hint = settings.DryRun && repair ? "--dry-run: nothing was repaired."
                : settings.Offline ? "Run it online with --repair to fetch what is wrong again."
                : "Run the same command with --repair to fetch what is wrong again.";
            return Finish(context, results, [], hint, clock);
        }

        if (!context.Output.Json)
            VerifyReport.WriteSummary(env.Out, results, "Repairing...");
        foreach (var result in broken)
        {
            foreach (var stuck in CacheRepair.RemoveBad(context.Cache, result))
                env.Error.WriteLine($"[{result.Request.Label}] warning: could not remove {stuck} (behind a link, or not writable); leaving it");
        }

        await DownloadRun.EnsureAsync(context, [.. broken.Select(r => r.Request)], ct);
        if (!settings.Quiet && !context.Output.Json)
            VerifyReport.WriteLine(env.Out, "After repair:");
        var again = await VerifyAsync(context, [.. broken.Select(r => r.Request)], ct);
        var final = results.Where(r => !r.HasProblems).Concat(again).ToArray();
        return Finish(context, final, [.. again.Select(r => r.Request)], "What is still wrong is listed above.", clock);
    }

    /// <summary>The summary line, or the JSON document; the exit code counts the repos with problems.</summary>
    private static int Finish(RunContext context, IReadOnlyList<RepoVerification> results, IReadOnlyList<ModelRequest> repaired, string hint, Stopwatch clock)
    {
        var exitCode = ExitCodes.ForFailures(results.Count(r => r.HasProblems));
        if (context.Output.Json)
        {
            var repos = results.Select(r => RepoDocuments.From(r, repaired.Contains(r.Request), context.SnapshotFolder)).ToArray();
            JsonReport.Write(context.Env.Out, context.Header(clock.Elapsed).Document(repos, exitCode));
        }
        else
        {
            VerifyReport.WriteSummary(context.Env.Out, results, hint);
        }

        return exitCode;
    }

    /// <summary>Each repo's report is printed (text mode) as soon as it and those before it are verified.</summary>
    private static async Task<IReadOnlyList<RepoVerification>> VerifyAsync(RunContext context, IReadOnlyList<ModelRequest> requests, CancellationToken ct)
    {
        // One quick retry only, as for --dry-run: without the Hub, verify answers from the cache's saved listings.
        var verifier = new CacheVerifier(context.Planner(quick: true), context.Cache, !context.Settings.Offline, context.Settings.Jobs);
        var results = new List<RepoVerification>(requests.Count);
        await foreach (var result in verifier.VerifyAsync(requests, ct))
        {
            if (!context.Output.Json)
                VerifyReport.WriteRepo(context.Env.Out, result, context.Settings.Quiet);
            results.Add(result);
        }

        return results;
    }
}
