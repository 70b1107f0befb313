using System.CommandLine;
using System.Diagnostics;
using DownloadModels.Contract;
using DownloadModels.Errors;
using DownloadModels.Hub;
using DownloadModels.LocalDir;
using DownloadModels.Oci;
using DownloadModels.Output;
using DownloadModels.Output.Json;
using DownloadModels.Repos;
using DownloadModels.Transfer;
using DownloadModels.Units;

namespace DownloadModels.Commands;

/// <summary>
/// `pull oci://REGISTRY/NAME[:TAG|@sha256:…]`: a model (or a set, by its index) pushed to an OCI registry, into
/// the cache exactly as get writes it (or into --local-dir). The artifact is read and checked whole before
/// anything is written; each model's files are then fetched and verified against their digests.
/// </summary>
internal sealed class PullCommand
{
    private readonly RegistryOptions _registry = new();
    private readonly DestinationOptions _destination = new();

    public PullCommand(AppEnvironment env, CommonOptions common)
    {
        Command.Arguments.Add(Source);
        _registry.AddTo(Command, mirrors: true);
        // The download options that mean something for a registry: no Hub token, endpoint or offline mode.
        common.AddCache(Command);
        Command.Options.Add(common.Timeout);
        Command.Options.Add(common.Retries);
        common.AddTransfer(Command);
        common.Output.AddTo(Command);
        _destination.AddTo(Command, common);
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, parse, ct, async () =>
        {
            var reference = RegistryOptions.Reference(parse.GetValue(Source)!, needsTag: false);
            var mirrors = _registry.MirrorUrls(parse);
            using var context = RunContext.Create(parse, common, env, _destination);
            if (context.Destination.CheckWritable() is { } refusal)
                throw new UsageException(refusal);
            var registry = _registry.Client(parse, context, reference, [$"repository:{reference.Name}:pull"]);
            return await RunAsync(context, reference, registry, mirrors, ct);
        }));
    }

    public Command Command { get; } = new("pull", HelpText.Describe(
        "Pull models pushed to an OCI registry (by push, or any CNCF ModelPack artifact with --local-dir) into the cache, verified and resumable.",
        "download-models pull oci://registry.example.com/models/pipeline:v1",
        "download-models pull oci://localhost:5000/models/bge:v1 --registry-insecure",
        "download-models pull oci://registry.example.com/models/set:v1 --registry-mirror http://127.0.0.1:5001   # a Spegel/Dragonfly/proxy-cache mirror first",
        "download-models pull oci://ghcr.io/org/kit@sha256:… --local-dir ./model"));

    public Argument<string> Source { get; } = new("REFERENCE") { Description = "What to pull: oci://REGISTRY/NAME[:TAG|@sha256:DIGEST] (tag latest when none)." };

    private static async Task<int> RunAsync(RunContext context, OciReference reference, RegistryClient registry, IReadOnlyList<Uri> mirrors, CancellationToken ct)
    {
        var (env, settings) = (context.Env, context.Settings);
        var clock = Stopwatch.StartNew();
        context.WritePreamble();
        var human = !settings.Quiet && !context.Output.Json;
        var puller = Puller(context, registry, mirrors);

        string digest;
        IReadOnlyList<OciModel> models;
        try
        {
            (digest, models) = await puller.ResolveAsync(reference, context.Destination is LocalFolder, ct);
        }
        catch (OciException e) when (!ct.IsCancellationRequested)
        {
            env.Error.WriteLine($"download-models: {e.Message}");
            return Report(context, reference, null, [], 0, ExitCodes.ForFailures(1), clock, CommandGuard.Error(ErrorKind.Registry, e.Message));
        }

        var documents = new List<RepoDocument>();
        var failures = 0;
        long received = puller.BytesChecked;
        foreach (var model in models)
        {
            var label = model.Identity?.Repo.Id ?? reference.Name;
            try
            {
                var pulled = await puller.PullAsync(model, ct);
                received += pulled.BytesFetched;
                documents.Add(Document(pulled, null));
                if (human)
                    env.Out.WriteLine($"[{label}] {pulled.Files} file(s), {ByteSize.Format(pulled.BytesFetched)} fetched{(pulled.BytesResumed > 0 ? $" ({ByteSize.Format(pulled.BytesResumed)} resumed)" : "")}, " +
                        $"{ByteSize.Format(pulled.BytesPresent)} already there -> {pulled.SnapshotFolder}");
                else if (!context.Output.Json)
                    env.Out.WriteLine(pulled.SnapshotFolder);
            }
            catch (Exception e) when (IsModelFailure(e) && !ct.IsCancellationRequested)
            {
                failures++;
                var message = Describe(e);
                env.Error.WriteLine($"[{label}] {message}");
                documents.Add(Failed(model, label, message));
            }
        }

        if (human)
            env.Out.WriteLine($"Pulled {models.Count - failures} of {models.Count} model(s) from {reference} ({digest}): {ByteSize.Format(received)} received in {clock.Elapsed.TotalSeconds:0.0} s.");
        return Report(context, reference, digest, documents, received, ExitCodes.ForFailures(failures), clock);
    }

    /// <summary>
    /// pull's and sync --from's puller: the run's transfer settings with its retries reported, its lines on stderr
    /// unless --quiet or --json.
    /// </summary>
    internal static OciPuller Puller(RunContext context, RegistryClient registry, IReadOnlyList<Uri> mirrors)
    {
        var settings = context.Settings;
        var human = !settings.Quiet && !context.Output.Json;
        var transfer = settings.Transfer with { Retry = settings.Transfer.Retry with { Observer = context.Retries } };
        return new OciPuller(registry, context.Client, mirrors, context.Destination, transfer, settings.Jobs, context.Refetch, line =>
        {
            if (human)
                context.Env.Error.WriteLine(line);
        });
    }

    /// <summary>A failure that stops one model's pull (its files), not the run: the others are still pulled.</summary>
    internal static bool IsModelFailure(Exception e) =>
        e is OciException or HubException or FileVerificationException or DiskWriteException or IOException or UnauthorizedAccessException;

    /// <summary>Our exceptions say what happened in their words; a file system failure in plain words.</summary>
    internal static string Describe(Exception e) => e switch
    {
        OciException or HubException or FileVerificationException => e.Message,
        DiskWriteException disk => SystemErrors.IsDiskFull(disk.Disk) ? "the disk is full" : $"could not write ({SystemErrors.Describe(disk.Disk)})",
        _ => $"could not write ({SystemErrors.Describe(e)})",
    };

    private static RepoDocument Document(PulledModel pulled, string? error) =>
        new(pulled.Repo.Id, pulled.Repo.Id, RepoDocuments.TypeName(pulled.Repo.Type), pulled.Revision, pulled.Commit, pulled.SnapshotFolder,
            RepoDocuments.Ok, error, [], pulled.Model.Layers.Sum(l => l.File.Size), pulled.BytesPresent, pulled.BytesFetched, 0, Files(pulled.Model));

    /// <summary>A pulled model's files, each ok.</summary>
    internal static FileDocument[] Files(OciModel model) =>
        [.. model.Layers.Select(l => new FileDocument(l.File.Path, l.File.Size, l.File.Etag, l.File.IsLfs, "ok", 0, 0, 0, null))];

    private static RepoDocument Failed(OciModel model, string label, string error) =>
        new(label, model.Identity?.Repo.Id ?? label, RepoDocuments.TypeName(model.Identity?.Repo.Type ?? RepoType.Model), model.Identity?.Revision ?? "",
            model.Identity?.Commit, null, RepoDocuments.Failed, error, [error], model.Bytes, 0, 0, model.Bytes, []);

    /// <summary>With --json, the document: each model pulled or failed, the registry's artifact and the bytes received; returns the exit code.</summary>
    internal static int Report(RunContext context, OciReference reference, string? digest, IReadOnlyList<RepoDocument> repos, long received, int exitCode, Stopwatch clock, ErrorDocument? error = null)
    {
        if (context.Output.Json)
            JsonReport.Write(context.Env.Out, context.Header(clock.Elapsed).Document(repos, exitCode, error) with
            {
                Registry = new RegistryDocument(reference.ToString(), digest, 0, 0, 0, 0, received),
            });
        return exitCode;
    }
}
