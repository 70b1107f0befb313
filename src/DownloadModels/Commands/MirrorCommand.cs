using System.CommandLine;
using System.Diagnostics;
using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Engine;
using DownloadModels.Mirror;
using DownloadModels.Output;

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
        // Checked by the command rather than the parser, so `mirror --help` shows help instead of "DIR missing".
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly SelectionOptions _selection = new();
    private readonly LockSelection _lock = new();

    public MirrorCommand(AppEnvironment env, CommonOptions common)
    {
        Command.Arguments.Add(_dir);
        _selection.AddTo(Command);
        _lock.AddTo(Command, _selection);
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, ct, async () =>
        {
            using var context = RunContext.Create(parse, common, env);
            return await RunAsync(context, _lock.Requests(parse, env) ?? _selection.Requests(parse, context), MirrorFolder(parse.GetValue(_dir), env), ct);
        }));
    }

    public Command Command { get; } = new("mirror",
        "Write the models (the pipeline's by default, or the repos named) into DIR as a static Hub endpoint: " +
        "serve DIR with any web server (nginx: location / { root DIR; }) and point HF_ENDPOINT at it.");

    private static async Task<int> RunAsync(RunContext context, IReadOnlyList<ModelRequest> requests, MirrorLayout layout, CancellationToken ct)
    {
        var (settings, env) = (context.Settings, context.Env);
        if (settings.DryRun)
            return await DownloadRun.RunAsync(context, requests, ct); // what is cached and what would be fetched; DIR is not touched

        var cacheDir = settings.Cache.HubCacheDir;
        if (layout.Contains(cacheDir) || new MirrorLayout(cacheDir).Contains(layout.Root))
            throw new UsageException($"the mirror folder {layout.Root} and the cache {cacheDir} must not contain each other: choose another DIR.");
        if (WriteProbe.Check(layout.Root) is { } notWritable)
            throw new UsageException($"the mirror folder {layout.Root} is not writable ({notWritable}): fix its permissions or choose another DIR.");
        context.WritePreamble(env.Out);

        var clock = Stopwatch.StartNew();
        var results = await DownloadRun.EnsureAsync(context, requests, ct);
        if (!settings.Quiet)
            RunSummary.Write(env.Out, results, clock.Elapsed);

        var writer = new MirrorWriter(layout, context.Cache);
        var mirrored = new List<MirroredModel>();
        var failed = results.Count(r => !r.Succeeded);
        foreach (var result in results.Where(r => r.Succeeded))
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                mirrored.Add(writer.Write(result.Request, result.Commit!));
            }
            catch (Exception e) when (e is MirrorException or IOException or UnauthorizedAccessException)
            {
                failed++;
                var message = e is MirrorException ? e.Message : FailureMessages.For(e, $"mirror of {result.Request.Repo}");
                env.Error.WriteLine(ProgressLines.Printable($"{ProgressLines.Prefix(result.Request.Label)}error: {message}"));
            }
        }

        if (mirrored.Count > 0)
            WriteHeaderMaps(layout, env);
        if (!settings.Quiet)
            MirrorReport.Write(env.Out, layout, mirrored);
        return ExitCodes.ForFailures(failed);
    }

    private static MirrorLayout MirrorFolder(string? dir, AppEnvironment env)
    {
        if (string.IsNullOrWhiteSpace(dir))
            throw new UsageException("give the mirror folder first, e.g. download-models mirror /srv/models-mirror (then, optionally, repo ids).");
        return new MirrorLayout(Path.GetFullPath(dir, env.CurrentDirectory));
    }

    /// <summary>The nginx maps for the Python libraries, from everything the folder serves (a failure here fails no model).</summary>
    private static void WriteHeaderMaps(MirrorLayout layout, AppEnvironment env)
    {
        try
        {
            var text = NginxConfig.HubHeaders(MirrorIndex.Read(layout));
            if (!File.Exists(layout.HeadersConfPath) || File.ReadAllText(layout.HeadersConfPath) != text)
                AtomicFile.WriteAllText(layout.HeadersConfPath, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            env.Error.WriteLine($"warning: could not write {layout.HeadersConfPath} ({e.Message.TrimEnd('.')}); download-models does not need it.");
        }
    }
}
