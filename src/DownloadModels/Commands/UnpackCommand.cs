using System.CommandLine;
using System.Diagnostics;
using DownloadModels.Bundle;
using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Engine;
using DownloadModels.Errors;
using DownloadModels.Output;
using DownloadModels.Output.Json;
using DownloadModels.Settings;
using DownloadModels.Units;

namespace DownloadModels.Commands;

/// <summary>
/// `unpack BUNDLE`: checks a bundle made by pack entry by entry and hash by hash, then merges it into the
/// cache (--cache-dir and the usual variables). A bad bundle leaves the cache exactly as it was: the
/// staging folder, and any folder or CACHEDIR.TAG made for it, are removed. Never uses the network.
/// Exit: 0, 1 (usage, unreadable bundle) or N = repos not unpacked.
/// </summary>
internal sealed class UnpackCommand
{
    private readonly AppEnvironment _env;
    private readonly CommonOptions _common;

    public UnpackCommand(AppEnvironment env, CommonOptions common)
    {
        _env = env;
        _common = common;
        Command.Arguments.Add(Bundle);
        common.AddCache(Command);
        common.AddDryRun(Command);
        Command.Options.Add(common.NoSpaceCheck);
        common.Output.AddTo(Command);
        // "Partial files are kept" is a download's story: unpack says its own on Ctrl+C (what was merged).
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, parse, ct, interrupted: null, () => RunAsync(parse, ct)));
    }

    public Command Command { get; } = new("unpack", HelpText.Describe(
        "Check a bundle made by pack (every entry, every hash) and merge it into the cache; a bad bundle changes nothing. Never uses the network. " +
        "--dry-run: check everything, write nothing.",
        "download-models unpack models.tar.zst",
        "download-models unpack - --cache-dir /mnt/models < models.tar.zst",
        "download-models unpack models.tar.zst --dry-run --json    # check only; one JSON document"));

    public Argument<string> Bundle { get; } = new("BUNDLE") { Description = "The bundle file to read, or - for stdin." };

    private async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        // Only the cache matters here: unpack never touches the network, so endpoint or token settings cannot fail it.
        var location = CacheLocator.Resolve(parse.GetValue(_common.CacheDir), _env.GetEnv, _env.CurrentDirectory, _env.HomeDirectory);
        var output = _common.Output.Read(parse);
        var (dryRun, quiet, spaceCheck) = (parse.GetValue(_common.DryRun), output.Quiet, !parse.GetValue(_common.NoSpaceCheck));
        var bundleName = parse.GetValue(Bundle)!;
        var clock = Stopwatch.StartNew();
        var header = new RunHeader("unpack", dryRun, true, location.HubCacheDir, TimeSpan.Zero);
        await using var input = OpenInput(bundleName);
        var cache = new HubCache(location.HubCacheDir);
        Preamble.WriteCache(_env.Error, location, quiet);

        BundleReader reader;
        try
        {
            reader = await BundleReader.OpenAsync(input, ct);
        }
        catch (BundleException e)
        {
            var message = $"{e.Message.TrimEnd('.')}; nothing was unpacked, the cache is as it was.";
            _env.Error.WriteLine($"download-models: {message}");
            if (output.Json)
                JsonReport.Write(_env.Out, header.Document([], ExitCodes.Usage, message));
            return ExitCodes.Usage;
        }

        await using (reader)
        {
            var contents = reader.Contents;
            var bundle = new BundleDocument(bundleName == "-" ? "-" : Path.GetFullPath(bundleName, _env.CurrentDirectory), input.CanSeek ? input.Length : null, contents.BlobBytes);
            if (!quiet)
                _env.Error.WriteLine($"Bundle: {contents.Repos.Count} repo(s), {ByteSize.Format(contents.BlobBytes)} of blobs, made by {contents.Tool} at {contents.Created.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z");
            var unpacker = new Unpacker(cache);
            long? spaceLeft = !dryRun && spaceCheck ? CheckSpace(cache, unpacker.BytesNeeded(contents)) : null;
            var staging = new StagingArea(cache);
            if (!dryRun)
                staging.Create();
            if (spaceLeft is { } left)
                staging.LimitSpace(left);
            var merged = 0;
            try
            {
                var progress = new BundleProgress(quiet || output.Progress == ProgressMode.None ? null : _env.Error, "unpacked", contents.BlobBytes, TimeProvider.System, RunContext.Heartbeat);
                var (results, extracting) = await unpacker.ExtractAndMergeAsync(reader, staging, dryRun, progress, line => _env.Error.WriteLine(line), () => merged++, ct);
                var exitCode = ExitCodes.ForFailures(results.Count(r => !r.Succeeded));
                UnpackReport.Write(quiet || output.Json ? null : _env.Out, _env.Error, results, dryRun, progress.Done, extracting);
                if (output.Json)
                {
                    var repos = results.Select(r => RepoDocuments.From(r, dryRun, cache.Repo(r.Repo.Repo).SnapshotFolder(r.Repo.Commit))).ToArray();
                    JsonReport.Write(_env.Out, (header with { Elapsed = clock.Elapsed }).Document(repos, exitCode) with { Bundle = bundle });
                }

                return exitCode;
            }
            catch (Exception e) when (e is BundleException or IOException or UnauthorizedAccessException)
            {
                var reason = e is BundleException ? e.Message.TrimEnd('.') : $"could not write to {cache.Root} ({SystemErrors.Describe(e)})";
                var message = $"{reason}; nothing was unpacked, the cache is as it was.";
                _env.Error.WriteLine($"download-models: {message}");
                var exitCode = ExitCodes.ForFailures(Math.Max(1, contents.Repos.Count));
                if (output.Json)
                    JsonReport.Write(_env.Out, (header with { Elapsed = clock.Elapsed }).Document([], exitCode, message) with { Bundle = bundle });
                return exitCode;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                _env.Error.WriteLine();
                _env.Error.WriteLine(merged == 0 ? "Interrupted: nothing was unpacked, the cache is as it was." : $"Interrupted after {merged} repo(s) were merged; run unpack again for the rest.");
                throw;
            }
            finally
            {
                staging.Remove(anythingMerged: merged > 0);
            }
        }
    }

    private Stream OpenInput(string bundle)
    {
        var streams = _env.BinaryStreams;
        if (bundle == "-")
        {
            return streams.InputIsTerminal
                ? throw new UsageException("refusing to read a bundle from a terminal: pipe one in (ssh host download-models pack - | download-models unpack -) or give a file.")
                : streams.OpenInput();
        }

        var path = Path.GetFullPath(bundle, _env.CurrentDirectory);
        if (!File.Exists(path))
            throw new UsageException(Directory.Exists(path) ? $"{path} is a folder, not a bundle." : $"the bundle {path} does not exist.");
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandException($"cannot read the bundle {path} ({SystemErrors.Describe(e)}).");
        }
    }

    /// <summary>
    /// Refuses before extracting when the blobs the cache lacks cannot fit (--no-space-check skips this);
    /// returns the space left beside them, which the saved trees then count against as they come.
    /// </summary>
    private static long CheckSpace(HubCache cache, long needed)
    {
        var existing = cache.Root;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
            existing = parent;
        var free = DiskSpace.FreeBytes(existing);
        if (needed > free)
            throw new CommandException($"not enough free space in {cache.Root}: the bundle adds {ByteSize.Format(needed)}, {ByteSize.Format(free)} free; free some space, choose another --cache-dir, or pass --no-space-check.");
        return free - needed;
    }
}
