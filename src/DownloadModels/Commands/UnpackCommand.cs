using System.CommandLine;
using System.Diagnostics;
using DownloadModels.Bundle;
using DownloadModels.Cache;
using DownloadModels.Contract;
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
        Command.SetAction((parse, ct) => RunAsync(parse, ct));
    }

    public Command Command { get; } = new("unpack", HelpText.Describe(
        "Check a bundle made by pack (every entry, every hash) and merge it into the cache; a bad bundle changes nothing. Never uses the network. " +
        "--dry-run: check everything, write nothing.",
        "download-models unpack models.tar.zst",
        "download-models unpack - --cache-dir /mnt/models < models.tar.zst",
        "download-models unpack models.tar.zst --dry-run --json    # check only; one JSON document"));

    public Argument<string> Bundle { get; } = new("BUNDLE") { Description = "The bundle file to read, or - for stdin." };

    private Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        // Only the cache matters here: unpack never touches the network, so endpoint or token settings cannot fail it.
        var location = CacheLocator.Resolve(parse.GetValue(_common.CacheDir), _env.GetEnv, _env.CurrentDirectory, _env.HomeDirectory);
        var cache = new HubCache(location.HubCacheDir);
        var unpacker = new Unpacker(cache);
        // "Partial files are kept" is a download's story: unpack tells its own on Ctrl+C (what was merged).
        return CommandGuard.RunAsync(_env, parse, ct, () => unpacker.InterruptedText, () => UnpackAsync(parse, location, cache, unpacker, ct));
    }

    private async Task<int> UnpackAsync(ParseResult parse, CacheLocation location, HubCache cache, Unpacker unpacker, CancellationToken ct)
    {
        var output = _common.Output.Read(parse);
        var (dryRun, quiet, spaceCheck) = (parse.GetValue(_common.DryRun), output.Quiet, !parse.GetValue(_common.NoSpaceCheck));
        var bundleName = parse.GetValue(Bundle)!;
        var clock = Stopwatch.StartNew();
        var header = new RunHeader("unpack", dryRun, true, location.HubCacheDir, TimeSpan.Zero);
        await using var input = OpenInput(bundleName);
        Preamble.WriteCache(_env.Error, location, quiet);

        BundleReader reader;
        try
        {
            reader = await BundleReader.OpenAsync(input, ct);
        }
        catch (BundleException e)
        {
            return CommandGuard.Fail(_env, output.Json ? header : null, ErrorKind.BadBundle, $"{e.Message.TrimEnd('.')}; nothing was unpacked, the cache is as it was.", ExitCodes.Usage);
        }

        await using (reader)
        {
            var contents = reader.Contents;
            var bundle = new BundleDocument(bundleName == "-" ? "-" : Path.GetFullPath(bundleName, _env.CurrentDirectory), input.CanSeek ? input.Length : null, contents.BlobBytes);
            if (!quiet)
                _env.Error.WriteLine($"Bundle: {contents.Repos.Count} repo(s), {ByteSize.Format(contents.BlobBytes)} of blobs, made by {contents.Tool} at {contents.Created.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z");
            var progress = new BundleProgress(quiet || output.Progress == ProgressMode.None ? null : _env.Error, "unpacked", contents.BlobBytes, TimeProvider.System, RunContext.Heartbeat);
            var outcome = await unpacker.UnpackAsync(reader, dryRun, spaceCheck, progress, line => _env.Error.WriteLine(line), ct);
            if (outcome.Error is { } message)
                return CommandGuard.Fail(_env, output.Json ? header with { Elapsed = clock.Elapsed } : null, outcome.ErrorKind, message, outcome.ExitCode, bundle);

            UnpackReport.Write(quiet || output.Json ? null : _env.Out, _env.Error, outcome.Results, dryRun, progress.Done, outcome.Extracting);
            if (output.Json)
            {
                var repos = outcome.Results.Select(r => RepoDocuments.From(r, dryRun, cache.Repo(r.Repo.Repo).SnapshotFolder(r.Repo.Commit))).ToArray();
                JsonReport.Write(_env.Out, (header with { Elapsed = clock.Elapsed }).Document(repos, outcome.ExitCode) with { Bundle = bundle });
            }

            return outcome.ExitCode;
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
            throw new CommandException(ErrorKind.Unreadable, $"cannot read the bundle {path} ({SystemErrors.Describe(e)}).");
        }
    }
}
