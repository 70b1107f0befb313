using System.Diagnostics;
using DownloadModels.Contract;
using DownloadModels.Engine;
using DownloadModels.LocalDir;
using DownloadModels.Oci;
using DownloadModels.Output.Json;
using DownloadModels.Units;

namespace DownloadModels.Commands;

/// <summary>
/// `sync --from oci://…`: the locked models taken from a registry artifact instead of the Hub. The artifact is
/// read and checked whole first; every locked model must be in it at its commit with the locked files; each file
/// is then fetched through the same byte mover as a sync from the Hub and checked against the lock.
/// </summary>
internal static class OciSyncRun
{
    public static async Task<int> RunAsync(RunContext context, OciReference reference, RegistryClient registry, IReadOnlyList<Uri> mirrors,
        IReadOnlyList<ModelRequest> requests, CancellationToken ct)
    {
        var (env, settings) = (context.Env, context.Settings);
        if (settings.Offline)
            throw new UsageException("sync --from reads from a registry, so it cannot run offline (--offline or HF_HUB_OFFLINE): drop one of them.");
        if (settings.DryRun)
            throw new UsageException("sync --from cannot --dry-run: drop one of them (sync --dry-run without --from reports against the Hub).");
        if (context.Destination.CheckWritable() is { } refusal)
            throw new UsageException(refusal);
        var clock = Stopwatch.StartNew();
        context.WritePreamble();
        var human = !settings.Quiet && !context.Output.Json;
        var puller = PullCommand.Puller(context, registry, mirrors);

        string digest;
        List<OciModel> pinned;
        try
        {
            var (resolved, models) = await puller.ResolveAsync(reference, localDir: false, ct);
            digest = resolved;
            if (context.Destination is LocalFolder && requests.Count > 1)
                throw new OciException($"the lock has {requests.Count} models and --local-dir takes one.");
            pinned = [.. requests.Select(r => OciPuller.Pinned(models, r.Repo, r.Revision, r.Pinned!.Commit, r.Pinned.Files, r.Pinned.AbsentOptional, reference.ToString()))];
        }
        catch (OciException e) when (!ct.IsCancellationRequested)
        {
            env.Error.WriteLine($"download-models: {e.Message}");
            return PullCommand.Report(context, reference, null, [], 0, ExitCodes.ForFailures(Math.Max(1, requests.Count)), clock, CommandGuard.Error(ErrorKind.Registry, e.Message));
        }

        var failures = 0;
        long received = puller.BytesChecked;
        var documents = new List<RepoDocument>();
        foreach (var (model, request) in pinned.Zip(requests))
        {
            try
            {
                var pulled = await puller.PullAsync(model, ct);
                received += pulled.BytesFetched;
                documents.Add(new RepoDocument(request.Label, request.Repo.Id, RepoDocuments.TypeName(request.Repo.Type), request.Revision, pulled.Commit, pulled.SnapshotFolder,
                    RepoDocuments.Ok, null, [], model.Layers.Sum(l => l.File.Size), pulled.BytesPresent, pulled.BytesFetched, 0,
                    PullCommand.Files(model)));
                if (human)
                    env.Out.WriteLine($"[{request.Label}] {pulled.Files} file(s) at {pulled.Commit[..7]}, {ByteSize.Format(pulled.BytesFetched)} fetched, {ByteSize.Format(pulled.BytesPresent)} already there -> {pulled.SnapshotFolder}");
            }
            catch (Exception e) when (PullCommand.IsModelFailure(e) && !ct.IsCancellationRequested)
            {
                failures++;
                var message = PullCommand.Describe(e);
                env.Error.WriteLine($"[{request.Label}] {message}");
                documents.Add(RepoDocuments.Empty(request, request.Pinned!.Commit, RepoDocuments.Failed, [message]));
            }
        }

        if (human)
            env.Out.WriteLine($"Synced {requests.Count - failures} of {requests.Count} locked model(s) from {reference} ({digest}): {ByteSize.Format(received)} received in {clock.Elapsed.TotalSeconds:0.0} s.");
        return PullCommand.Report(context, reference, digest, documents, received, ExitCodes.ForFailures(failures), clock);
    }

}
