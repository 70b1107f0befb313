using DownloadModels.Bundle;
using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Engine;
using DownloadModels.Hub;
using DownloadModels.Output;

namespace DownloadModels.Commands;

/// <summary>
/// pack: makes sure the selected models are in the cache (downloading what is missing; offline,
/// refusing), then streams them into one bundle. With BUNDLE "-" the bundle is stdout, so every human
/// line goes to stderr. A bundle file appears under its name only once complete.
/// </summary>
internal sealed class PackRunner(RunSettings settings, AppEnvironment env, BundleStreams streams, PackOptions options)
{
    private TextWriter Human => options.ToStdout ? env.Error : env.Out;

    public async Task<int> RunAsync(IReadOnlyList<ModelRequest> requests, CancellationToken ct)
    {
        var target = CheckUsage();
        if (!settings.Quiet)
            Human.WriteLine($"Cache: {settings.Cache.HubCacheDir} (from {settings.Cache.Source})");
        if (settings.EndpointWarning is { } warning)
            env.Error.WriteLine($"warning: {warning}");

        var cache = new HubCache(settings.Cache.HubCacheDir);
        using var client = DownloadRunner.CreateHttpClient(settings.Retry.StallTimeout);
        var http = new HubHttp(client, settings.Connection);
        var source = new PackSource(cache, new ModelPlanner(new HubClient(http, settings.Retry), cache));
        (BundledRepo? Repo, string? Error)[] found = settings.Offline
            ? requests.Select(r => source.Find(r)).ToArray()
            // The download's own output must stay off stdout: with "-" that is the bundle. It reports
            // its failures itself, so they get no second line here (null error).
            : (await new DownloadRunner(settings, env with { Out = env.Error }).EnsureAsync(requests, cache, http, ct))
                .Select(r => r.Succeeded ? source.Find(r.Request, r.Commit) : ((BundledRepo?)null, (string?)null)).ToArray();

        var failed = requests.Zip(found).Where(x => x.Second.Repo is null).ToArray();
        foreach (var (request, (_, error)) in failed.Where(f => f.Second.Error is not null))
            env.Error.WriteLine($"[{request.Label}] {error}");
        if (failed.Length > 0)
        {
            env.Error.WriteLine($"Nothing was packed: {failed.Length} of {requests.Count} model(s) are not complete in the cache.");
            return ExitCodes.ForFailures(failed.Length);
        }

        return await WriteAsync(cache, found.Select(f => f.Repo!).ToArray(), target, ct);
    }

    private string? CheckUsage()
    {
        if (settings.DryRun)
            throw new UsageException("pack has no --dry-run: 'download-models --dry-run' (or 'get --dry-run') shows what the cache holds.");
        if (options.ToStdout)
        {
            return streams.OutputIsTerminal
                ? throw new UsageException("refusing to write a binary bundle to a terminal: redirect it (pack - > models.tar.zst) or pipe it (pack - | ssh host download-models unpack -).")
                : null;
        }

        var target = Path.GetFullPath(options.Bundle, env.CurrentDirectory);
        if (Directory.Exists(target))
            throw new UsageException($"{target} is a folder: give the bundle a file name, e.g. models.tar.zst.");
        if (!Directory.Exists(Path.GetDirectoryName(target)))
            throw new UsageException($"the folder of {target} does not exist: create it first.");
        return target;
    }

    private async Task<int> WriteAsync(HubCache cache, IReadOnlyList<BundledRepo> repos, string? target, CancellationToken ct)
    {
        var created = TimeProvider.System.GetUtcNow();
        var manifest = ManifestCodec.Serialize(repos, $"download-models {AppInfo.Version}", created);
        var total = repos.Sum(r => r.BlobBytes);
        var progress = new BundleProgress(settings.Quiet ? null : env.Error, "packed", total, TimeProvider.System, TimeSpan.FromSeconds(5));
        var writer = new BundleWriter(cache, options.Level, options.Threads, progress);
        long size;
        try
        {
            size = target is null ? await WriteToStdoutAsync(writer, repos, manifest, created, ct) : await WriteToFileAsync(writer, target, repos, manifest, created, ct);
        }
        catch (Exception e) when (e is BundleException or IOException or UnauthorizedAccessException && !ct.IsCancellationRequested)
        {
            env.Error.WriteLine($"download-models: {Describe(e)}; {(target is null ? "the bundle on stdout is incomplete and will be refused by unpack" : "no bundle was written")}.");
            return ExitCodes.ForFailures(repos.Count);
        }

        if (!settings.Quiet)
            PackReport.Write(Human, repos, target ?? "stdout", size, progress);
        return ExitCodes.Success;
    }

    private async Task<long> WriteToStdoutAsync(BundleWriter writer, IReadOnlyList<BundledRepo> repos, byte[] manifest, DateTimeOffset created, CancellationToken ct)
    {
        await using var stdout = streams.OpenOutput();
        return await writer.WriteAsync(stdout, repos, manifest, created, ct);
    }

    private static async Task<long> WriteToFileAsync(BundleWriter writer, string target, IReadOnlyList<BundledRepo> repos, byte[] manifest, DateTimeOffset created, CancellationToken ct)
    {
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        try
        {
            long size;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
            {
                size = await writer.WriteAsync(file, repos, manifest, created, ct);
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
            return size;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static string Describe(Exception e) => e switch
    {
        BundleException => e.Message,
        IOException io when (io.HResult & 0xFFFF) == 32 => "the reader of the bundle went away (broken pipe)",
        IOException io when (io.HResult & 0xFFFF) is 28 or 122 => "the disk is full",
        _ => e.Message.TrimEnd('.'),
    };
}
