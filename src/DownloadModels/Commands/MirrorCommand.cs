using System.CommandLine;
using System.Diagnostics;
using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Engine;
using DownloadModels.Errors;
using DownloadModels.Mirror;
using DownloadModels.Output;
using DownloadModels.Output.Json;

namespace DownloadModels.Commands;

/// <summary>
/// `mirror DIR [selection]`: brings the models into the cache (offline: checks they are there), then
/// writes DIR as a static Hub endpoint any web server can serve, for a fleet to download from.
/// </summary>
internal sealed class MirrorCommand
{
    private readonly Argument<string> _dir = new("DIR")
    {
        Description = "Folder to write the mirror into (created if missing; re-runs update it in place).",
    };

    private readonly SelectionOptions _selection = new();
    private readonly LockSelection _lock = new();

    public MirrorCommand(AppEnvironment env, CommonOptions common)
    {
        Command.Arguments.Add(_dir);
        _selection.AddTo(Command);
        common.AddDownload(Command);
        _lock.AddTo(Command, _selection);
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, parse, ct, async () =>
        {
            using var context = RunContext.Create(parse, common, env);
            return await RunAsync(context, _lock.Requests(parse, env) ?? _selection.Requests(parse, context), MirrorFolder(parse.GetValue(_dir), env), ct);
        }));
    }

    public Command Command { get; } = new("mirror", HelpText.Describe(
        "Write the models (the pipeline's by default, or the repos named) into DIR as a static Hub endpoint: " +
        "serve DIR with any web server (nginx: location / { root DIR; }) and point HF_ENDPOINT at it. --dry-run: what the cache " +
        "holds and would fetch; DIR is not touched.",
        "download-models mirror /srv/models-mirror                  # the pipeline's models",
        "download-models mirror /srv/models-mirror BAAI/bge-m3 --include '*.json' --include '*.safetensors'",
        "HF_ENDPOINT=http://mirror-host:8080 download-models        # then, on every machine of the fleet"));

    private static async Task<int> RunAsync(RunContext context, IReadOnlyList<ModelRequest> requests, MirrorLayout layout, CancellationToken ct)
    {
        var (settings, env) = (context.Settings, context.Env);
        if (settings.DryRun)
            return await DownloadRun.RunAsync(context, requests, ct); // what is cached and what would be fetched; DIR is not touched

        var cacheDir = settings.Cache.HubCacheDir;
        if (layout.Contains(cacheDir) || new MirrorLayout(cacheDir).Contains(layout.Root))
            throw new UsageException($"the mirror folder {layout.Root} and the cache {cacheDir} must not contain each other: choose another DIR.");
        if (WriteProbe.Check(layout.Root, $"the mirror folder {layout.Root}", "DIR") is { } notWritable)
            throw new CommandException(ErrorKind.NotWritable, notWritable);
        var clock = Stopwatch.StartNew();
        context.WritePreamble();

        var results = await DownloadRun.EnsureAsync(context, requests, ct);
        if (!settings.Quiet && !context.Output.Json)
            RunSummary.Write(env.Error, results, clock.Elapsed);

        var writer = new MirrorWriter(layout, context.Cache);
        var mirrored = new List<MirroredModel>();
        var documents = results.Select(RepoDocuments.From).ToArray();
        var failed = results.Count(r => !r.Succeeded);
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            if (!result.Succeeded)
                continue;
            ct.ThrowIfCancellationRequested();
            try
            {
                var model = writer.Write(result.Request, result.Commit!);
                mirrored.Add(model);
                documents[i] = RepoDocuments.WithMirror(documents[i], model, null);
            }
            catch (Exception e) when (e is MirrorException or IOException or UnauthorizedAccessException)
            {
                failed++;
                var message = e is MirrorException ? e.Message : MirrorFailure(e, layout, result.Request.Repo.ToString());
                env.Error.WriteLine(ProgressLines.Printable($"{ProgressLines.Prefix(result.Request.Label)}error: {message}"));
                documents[i] = RepoDocuments.WithMirror(documents[i], null, message);
            }
        }

        var headers = mirrored.Count > 0 && WriteHeaderMaps(layout, env);
        var exitCode = ExitCodes.ForFailures(failed);
        if (context.Output.Json)
            JsonReport.Write(env.Out, context.Header(clock.Elapsed).Document(documents, exitCode) with { Mirror = new MirrorDocument(layout.Root, headers ? layout.HeadersConfPath : null) });
        else if (!settings.Quiet && mirrored.Count > 0)
            MirrorReport.Write(env.Out, layout, mirrored);
        return exitCode;
    }

    /// <summary>A write into the mirror folder failed: about that folder (not the cache the files come from), with the advice that fits.</summary>
    private static string MirrorFailure(Exception e, MirrorLayout layout, string repo) =>
        SystemErrors.IsDiskFull(e) ? $"mirror of {repo}: the disk is full where the mirror folder {layout.Root} is; free some space there (or choose a folder on another disk) and run again."
        : SystemErrors.IsPermission(e) ? $"mirror of {repo}: the mirror folder {layout.Root} is not writable (permission denied); fix its permissions or choose another folder."
        : $"mirror of {repo}: could not write into the mirror folder {layout.Root} ({SystemErrors.Describe(e)}); run again, or choose another folder.";

    private static MirrorLayout MirrorFolder(string? dir, AppEnvironment env)
    {
        if (string.IsNullOrWhiteSpace(dir))
            throw new UsageException("give the mirror folder first, e.g. download-models mirror /srv/models-mirror (then, optionally, repo ids).");
        return new MirrorLayout(Path.GetFullPath(dir, env.CurrentDirectory));
    }

    /// <summary>The nginx maps for the Python libraries, from everything the folder serves (a failure here fails no model).</summary>
    private static bool WriteHeaderMaps(MirrorLayout layout, AppEnvironment env)
    {
        try
        {
            var text = NginxConfig.HubHeaders(MirrorIndex.Read(layout));
            if (!File.Exists(layout.HeadersConfPath) || File.ReadAllText(layout.HeadersConfPath) != text)
                AtomicFile.WriteAllText(layout.HeadersConfPath, text);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            env.Error.WriteLine($"warning: could not write {layout.HeadersConfPath} ({SystemErrors.Describe(e)}); download-models does not need it.");
            return false;
        }
    }
}
