using System.CommandLine;
using DownloadModels.Bundle;
using DownloadModels.Contract;
using DownloadModels.Engine;
using DownloadModels.Output;

namespace DownloadModels.Commands;

/// <summary>
/// `pack BUNDLE [selection]`: the selected models (downloaded first when missing; offline, refused when
/// missing) as one .tar.zst for a host without internet. With BUNDLE "-" the bundle is stdout, so every
/// human line goes to stderr. The selection is the download's: drop-in flags or repo ids with their options.
/// </summary>
internal sealed class PackCommand
{
    private const int MaxDefaultThreads = 4;

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
        Level.Validators.Add(r => CommonOptions.InRange(r, BundleFormat.MinLevel, BundleFormat.MaxLevel));
        Threads.Validators.Add(r => CommonOptions.InRange(r, 0, BundleFormat.MaxThreads));
        Command.Validators.Add(result =>
        {
            if (result.GetValue(common.DryRun))
                result.AddError("pack has no --dry-run: 'download-models --dry-run' (or 'get --dry-run') shows what the cache holds.");
        });
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, ct, async () =>
        {
            using var context = RunContext.Create(parse, common, env);
            var target = Target(parse.GetValue(Bundle)!);
            var packer = new Packer(context.Cache, parse.GetValue(Level), parse.GetValue(Threads) ?? Math.Min(Environment.ProcessorCount, MaxDefaultThreads));
            return await RunAsync(context, _lock.Requests(parse, env) ?? _selection.Requests(parse, context), packer, target, ct);
        }));
    }

    public Command Command { get; } = new("pack", "Pack models from the cache (downloading what is missing) into one .tar.zst bundle for hosts without internet.\n" +
        "Examples: download-models pack models.tar.zst | download-models pack - --only stt | ssh host download-models unpack -");

    public Argument<string> Bundle { get; } = new("BUNDLE") { Description = "The bundle file to write (replaced if it exists), or - for stdout." };

    public Option<int> Level { get; } = new("--level")
    {
        Description = $"zstd level, {BundleFormat.MinLevel}-{BundleFormat.MaxLevel}. Weights barely compress: higher levels cost time for little.",
        HelpName = "N",
        DefaultValueFactory = _ => BundleFormat.DefaultLevel,
    };

    public Option<int?> Threads { get; } = new("--threads")
    {
        Description = $"zstd worker threads (0 = compress on the reading thread). Default: the number of CPUs, at most {MaxDefaultThreads}.",
        HelpName = "N",
    };

    /// <summary>The bundle file, or null for stdout ("-"), which must not be a terminal.</summary>
    private string? Target(string bundle)
    {
        if (bundle == "-")
        {
            return _env.BinaryStreams.OutputIsTerminal
                ? throw new UsageException("refusing to write a binary bundle to a terminal: redirect it (pack - > models.tar.zst) or pipe it (pack - | ssh host download-models unpack -).")
                : null;
        }

        var target = Path.GetFullPath(bundle, _env.CurrentDirectory);
        if (Directory.Exists(target))
            throw new UsageException($"{target} is a folder: give the bundle a file name, e.g. models.tar.zst.");
        if (!Directory.Exists(Path.GetDirectoryName(target)))
            throw new UsageException($"the folder of {target} does not exist: create it first.");
        return target;
    }

    private async Task<int> RunAsync(RunContext context, IReadOnlyList<ModelRequest> requests, Packer packer, string? target, CancellationToken ct)
    {
        var (settings, error) = (context.Settings, _env.Error);
        var human = target is null ? error : _env.Out;
        context.WritePreamble(human);

        var source = new PackSource(context.Cache, context.Planner());
        (BundledRepo? Repo, string? Error)[] found = settings.Offline
            ? requests.Select(r => source.Find(r)).ToArray()
            // The download reports its failures itself, so they get no second line here (null error).
            : (await DownloadRun.EnsureAsync(context, requests, ct))
                .Select(r => r.Succeeded ? source.Find(r.Request, r.Commit) : ((BundledRepo?)null, (string?)null)).ToArray();

        var failed = requests.Zip(found).Where(x => x.Second.Repo is null).ToArray();
        foreach (var (request, (_, why)) in failed.Where(f => f.Second.Error is not null))
            error.WriteLine($"[{request.Label}] {why}");
        if (failed.Length > 0)
        {
            error.WriteLine($"Nothing was packed: {failed.Length} of {requests.Count} model(s) are not complete in the cache.");
            return ExitCodes.ForFailures(failed.Length);
        }

        var repos = found.Select(f => f.Repo!).ToArray();
        var progress = new BundleProgress(settings.Quiet ? null : error, "packed", repos.Sum(r => r.BlobBytes), TimeProvider.System, TimeSpan.FromSeconds(5));
        long size;
        try
        {
            size = await packer.WriteAsync(repos, $"download-models {AppInfo.Version}", progress, target, _env.BinaryStreams.OpenOutput, ct);
        }
        catch (Exception e) when (e is BundleException or IOException or UnauthorizedAccessException && !ct.IsCancellationRequested)
        {
            error.WriteLine($"download-models: {Describe(e)}; {(target is null ? "the bundle on stdout is incomplete and will be refused by unpack" : "no bundle was written")}.");
            return ExitCodes.ForFailures(repos.Length);
        }

        if (!settings.Quiet)
            PackReport.Write(human, repos, target ?? "stdout", size, progress);
        return ExitCodes.Success;
    }

    private static string Describe(Exception e) => e switch
    {
        BundleException => e.Message,
        IOException io when (io.HResult & 0xFFFF) == 32 => "the reader of the bundle went away (broken pipe)",
        IOException io when (io.HResult & 0xFFFF) is 28 or 122 => "the disk is full",
        _ => e.Message.TrimEnd('.'),
    };
}
