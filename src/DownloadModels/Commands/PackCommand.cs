using System.CommandLine;
using System.Diagnostics;
using DownloadModels.Bundle;
using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Engine;
using DownloadModels.Errors;
using DownloadModels.Output;
using DownloadModels.Output.Json;

namespace DownloadModels.Commands;

/// <summary>
/// `pack BUNDLE [selection]`: the selected models (downloaded first when missing; offline, refused when
/// missing) as one .tar.zst for a host without internet. With BUNDLE "-" the bundle is stdout, so every
/// human line goes to stderr (and --json is refused). The selection is the download's: drop-in flags or
/// repo ids with their options.
/// </summary>
internal sealed class PackCommand
{
    private const int MaxDefaultThreads = 4;

    /// <summary>Ctrl+C or SIGTERM: not the download's "partial files are kept"; the bundle is what is lost.</summary>
    private const string Interrupted = "Interrupted: the partial bundle was deleted (a bundle on stdout is left incomplete, and unpack refuses it); files it downloaded are kept; run the same command again.";

    private readonly AppEnvironment _env;
    private readonly SelectionOptions _selection = new();
    private readonly LockSelection _lock = new();

    public PackCommand(AppEnvironment env, CommonOptions common)
    {
        _env = env;
        Command.Arguments.Add(Bundle);
        _selection.AddTo(Command);
        _lock.AddTo(Command, _selection);
        Command.Options.Add(Level);
        Command.Options.Add(Threads);
        common.AddDownload(Command, dryRun: false);
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, parse, ct, () => Interrupted, async () =>
        {
            using var context = RunContext.Create(parse, common, env);
            var target = Target(parse.GetValue(Bundle)!, context.Output.Json, context.Cache);
            var packer = new Packer(context.Cache, parse.GetValue(Level), parse.GetValue(Threads) ?? Math.Min(Environment.ProcessorCount, MaxDefaultThreads));
            return await RunAsync(context, _lock.Requests(parse, env) ?? _selection.Requests(parse, context), packer, target, ct);
        }));
    }

    public Command Command { get; } = new("pack", HelpText.Describe(
        "Pack models from the cache (downloading what is missing) into one .tar.zst bundle for hosts without internet.",
        "download-models pack models.tar.zst                          # the pipeline's models",
        "download-models pack bge.tar.zst BAAI/bge-m3 --include '*.json' --include '*.safetensors'",
        "download-models pack models.tar.zst --offline                # from the cache only",
        "download-models pack - | ssh host download-models unpack -   # no file at all"));

    public Argument<string> Bundle { get; } = new("BUNDLE") { Description = "The bundle file to write (a file is replaced, a device or FIFO written into; not inside the cache), or - for stdout." };

    public Option<int> Level { get; } = new Option<int>("--level")
    {
        Description = $"zstd level, {BundleFormat.MinLevel}-{BundleFormat.MaxLevel}. Weights barely compress: higher levels cost time for little.",
        HelpName = "N",
        DefaultValueFactory = _ => BundleFormat.DefaultLevel,
    }.Int(BundleFormat.MinLevel, BundleFormat.MaxLevel);

    public Option<int?> Threads { get; } = new Option<int?>("--threads")
    {
        Description = $"zstd worker threads (0 = compress on the reading thread). Default: the number of CPUs, at most {MaxDefaultThreads}.",
        HelpName = "N",
    }.Int(0, BundleFormat.MaxThreads);

    /// <summary>The bundle file, or null for stdout ("-"), which must not be a terminal nor carry a JSON document.</summary>
    private string? Target(string bundle, bool json, HubCache cache)
    {
        if (bundle == "-")
        {
            if (json)
                throw new UsageException("--json cannot go with pack -: stdout carries the bundle. Write the bundle to a file, or drop --json.");
            return _env.BinaryStreams.OutputIsTerminal
                ? throw new UsageException("refusing to write a binary bundle to a terminal: redirect it (pack - > models.tar.zst) or pipe it (pack - | ssh host download-models unpack -).")
                : null;
        }

        var target = Path.GetFullPath(bundle, _env.CurrentDirectory);
        if (OutputFile.IsInside(target, cache.Root))
            throw new UsageException($"{target} is inside the cache the bundle is packed from ({cache.Root}): write the bundle somewhere else.");
        if (Directory.Exists(target))
            throw new UsageException($"{target} is a folder: give the bundle a file name, e.g. models.tar.zst.");
        if (SystemErrors.FileInTheWay(Path.GetDirectoryName(target)!) is { } file)
            throw new UsageException($"{file} is a file, not a folder: the bundle cannot be written below it.");
        if (!Directory.Exists(Path.GetDirectoryName(target)))
            throw new UsageException($"the folder of {target} does not exist: create it first.");
        if (OutputFile.Plan(target).Problem is { } problem)
            throw new UsageException($"cannot write the bundle: {problem}.");
        return target;
    }

    private async Task<int> RunAsync(RunContext context, IReadOnlyList<ModelRequest> requests, Packer packer, string? target, CancellationToken ct)
    {
        var (settings, error) = (context.Settings, _env.Error);
        var clock = Stopwatch.StartNew();
        context.WritePreamble();
        var outcome = await packer.PackAsync(requests, new PackSource(context.Cache, context.Planner()),
            settings.Offline ? null : token => DownloadRun.EnsureAsync(context, requests, token), $"download-models {AppInfo.Version}",
            bytes => new BundleProgress(settings.Quiet || context.Output.Progress == ProgressMode.None ? null : error, "packed", bytes, TimeProvider.System, RunContext.Heartbeat),
            target, _env.BinaryStreams.OpenOutput, ct);

        if (outcome.Missing > 0)
        {
            foreach (var (request, (_, why)) in requests.Zip(outcome.Found).Where(f => f.Second.Repo is null && f.Second.Error is not null))
                error.WriteLine($"[{request.Label}] {why}");
            error.WriteLine($"Nothing was packed: {outcome.Missing} of {requests.Count} model(s) are not complete in the cache.");
            return Report(context, requests, outcome, null, clock);
        }

        if (outcome.WriteError is { } message)
        {
            error.WriteLine($"download-models: {message}");
            return Report(context, requests, outcome, new BundleDocument(target ?? "-", null, outcome.BlobBytes), clock, CommandGuard.Error(ErrorKind.NotWritable, message));
        }

        if (!settings.Quiet && !context.Output.Json)
            PackReport.Write(target is null ? error : _env.Out, outcome.Repos, target ?? "stdout", outcome.Size!.Value, outcome.Progress!);
        return Report(context, requests, outcome, new BundleDocument(target ?? "-", outcome.Size, outcome.BlobBytes), clock);
    }

    /// <summary>With --json, the document: each repo as downloaded (or found offline), the bundle; returns the exit code.</summary>
    private static int Report(RunContext context, IReadOnlyList<ModelRequest> requests, PackOutcome outcome, BundleDocument? bundle, Stopwatch clock, ErrorDocument? error = null)
    {
        var exitCode = outcome.ExitCode;
        if (!context.Output.Json)
            return exitCode;
        var repos = RepoDocuments.FromCache(requests, outcome.Downloads, outcome.Found, context.SnapshotFolder);
        JsonReport.Write(context.Env.Out, context.Header(clock.Elapsed).Document(repos, exitCode, error) with { Bundle = bundle });
        return exitCode;
    }
}
