using System.CommandLine;
using System.Diagnostics;
using DownloadModels.Bundle;
using DownloadModels.Contract;
using DownloadModels.Engine;
using DownloadModels.Errors;
using DownloadModels.Hub;
using DownloadModels.Oci;
using DownloadModels.Output;
using DownloadModels.Output.Json;
using DownloadModels.Units;

namespace DownloadModels.Commands;

/// <summary>
/// `push oci://REGISTRY/NAME[:TAG] [selection]`: the selected models (the same selection as pack: the drop-in's,
/// repo ids, or --lock; downloaded first when missing) as CNCF ModelPack artifacts in an OCI registry, one
/// manifest per model and the tag on an index of them (or on the manifest, for one model).
/// </summary>
internal sealed class PushCommand
{
    private const int ParallelBlobs = 4;

    private readonly AppEnvironment _env;
    private readonly SelectionOptions _selection = new();
    private readonly LockSelection _lock = new();
    private readonly RegistryOptions _registry = new();

    public PushCommand(AppEnvironment env, CommonOptions common)
    {
        _env = env;
        Command.Arguments.Add(Target);
        _selection.AddTo(Command);
        _lock.AddTo(Command, _selection);
        _registry.AddTo(Command, mirrors: false);
        Command.Options.Add(MountFrom);
        common.AddDownload(Command, dryRun: false);
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, parse, ct, async () =>
        {
            var reference = RegistryOptions.Reference(parse.GetValue(Target)!, needsTag: true);
            using var context = RunContext.Create(parse, common, env);
            var mountFrom = parse.GetValue(MountFrom) ?? [];
            var registry = _registry.Client(parse, context, reference,
                [$"repository:{reference.Name}:pull,push", .. mountFrom.Select(m => $"repository:{m}:pull")]);
            var chunk = context.Settings.Transfer.RangeSize;
            return await RunAsync(context, _lock.Requests(parse, env) ?? _selection.Requests(parse, context), reference, registry, mountFrom, chunk, ct);
        }));
    }

    public Command Command { get; } = new("push", HelpText.Describe(
        "Push models from the cache (downloading what is missing) to an OCI registry as CNCF ModelPack artifacts: push once, pull everywhere.",
        "download-models push oci://registry.example.com/models/pipeline:v1          # the pipeline's models",
        "download-models push oci://localhost:5000/models/bge:v1 BAAI/bge-m3 --registry-insecure",
        "download-models push oci://registry.example.com/models/set:2026-01 --lock download-models.lock"));

    public Argument<string> Target { get; } = new("REFERENCE") { Description = "Where to push: oci://REGISTRY/NAME[:TAG] (tag latest when none)." };

    public Option<string[]> MountFrom { get; } = new("--mount-from")
    {
        Description = "Another repository of the same registry that may hold the blobs (an earlier set): the registry links them instead of receiving them again. Repeatable.",
        HelpName = "NAME",
        AllowMultipleArgumentsPerToken = false,
    };

    private async Task<int> RunAsync(RunContext context, IReadOnlyList<ModelRequest> requests, OciReference reference, RegistryClient registry,
        IReadOnlyList<string> mountFrom, long chunkSize, CancellationToken ct)
    {
        var (settings, error) = (context.Settings, _env.Error);
        var clock = Stopwatch.StartNew();
        context.WritePreamble();

        var source = new PackSource(context.Cache, context.Planner());
        IReadOnlyList<ModelResult>? downloads = settings.Offline ? null : await DownloadRun.EnsureAsync(context, requests, ct);
        var found = source.FindAll(requests, downloads);

        var failed = requests.Zip(found).Where(x => x.Second.Repo is null).ToArray();
        foreach (var (request, (_, why)) in failed.Where(f => f.Second.Error is not null))
            error.WriteLine($"[{request.Label}] {why}");
        if (failed.Length > 0)
        {
            error.WriteLine($"Nothing was pushed: {failed.Length} of {requests.Count} model(s) are not complete in the cache.");
            return Report(context, requests, downloads, found, null, ExitCodes.ForFailures(failed.Length), clock, reference);
        }

        var repos = found.Select(f => f.Repo!).ToArray();
        var quiet = settings.Quiet || context.Output.Json;
        var pusher = new OciPusher(registry, context.Cache, mountFrom, chunkSize, ParallelBlobs, line =>
        {
            if (!quiet)
                error.WriteLine(line);
        });
        PushResult result;
        try
        {
            result = await pusher.PushAsync(repos, reference.Reference, ct);
        }
        catch (Exception e) when (e is OciException or IOException or UnauthorizedAccessException && !ct.IsCancellationRequested)
        {
            var message = $"{(e is OciException ? e.Message.TrimEnd('.') : $"could not read the cache ({SystemErrors.Describe(e)})")}; the tag was not changed (blobs already sent stay, and the next push skips them).";
            error.WriteLine($"download-models: {message}");
            return Report(context, requests, downloads, found, new RegistryDocument(reference.ToString(), null, 0, pusher.BytesSent, 0, 0, 0), ExitCodes.ForFailures(repos.Length), clock, reference,
                CommandGuard.Error(e is OciException ? ErrorKind.Registry : ErrorKind.Unreadable, message));
        }

        if (!settings.Quiet && !context.Output.Json)
        {
            var elapsed = clock.Elapsed.TotalSeconds;
            _env.Out.WriteLine($"Pushed {repos.Length} model(s) to {reference} ({result.Digest}): {result.BlobsSent} blob(s) sent ({ByteSize.Format(result.BytesSent)}), " +
                $"{result.BlobsSkipped} already there ({ByteSize.Format(result.BytesSkipped)}), {result.BlobsMounted} mounted, in {elapsed:0.0} s.");
        }

        return Report(context, requests, downloads, found, new RegistryDocument(reference.ToString(), result.Digest, result.BlobsSent, result.BytesSent, result.BlobsSkipped, result.BlobsMounted, 0),
            ExitCodes.Success, clock, reference);
    }

    private static int Report(RunContext context, IReadOnlyList<ModelRequest> requests, IReadOnlyList<ModelResult>? downloads,
        (BundledRepo? Repo, string? Error)[] found, RegistryDocument? registry, int exitCode, Stopwatch clock, OciReference reference, ErrorDocument? error = null)
    {
        if (!context.Output.Json)
            return exitCode;
        var repos = RepoDocuments.FromCache(requests, downloads, found, context.SnapshotFolder);
        JsonReport.Write(context.Env.Out, context.Header(clock.Elapsed).Document(repos, exitCode, error) with
        {
            Registry = registry ?? new RegistryDocument(reference.ToString(), null, 0, 0, 0, 0, 0),
        });
        return exitCode;
    }
}
