using System.CommandLine;
using DownloadModels.Contract;
using DownloadModels.Settings;

namespace DownloadModels.Commands;

/// <summary>
/// `unpack BUNDLE`: checks a bundle made by pack entry by entry and hash by hash, then merges it into
/// the cache (--cache-dir and the usual variables); a bad bundle changes nothing.
/// </summary>
internal sealed class UnpackCommand
{
    public UnpackCommand(AppEnvironment env, CommonOptions common, CancellationToken ct)
        : this(env, common, ct, BundleStreams.FromConsole())
    {
    }

    public UnpackCommand(AppEnvironment env, CommonOptions common, CancellationToken ct, BundleStreams streams)
    {
        Command.Arguments.Add(Bundle);
        // Not CommandGuard: its "partial files are kept" is a download's story; unpack says its own on Ctrl+C.
        Command.SetAction(async (parse, _) =>
        {
            try
            {
                return await RunAsync(parse, env, common, streams, ct);
            }
            catch (UsageException e)
            {
                env.Error.WriteLine($"download-models: {e.Message}");
                return ExitCodes.Usage;
            }
        });
    }

    public Command Command { get; } = new("unpack", "Check a bundle made by pack (every entry, every hash) and merge it into the cache; a bad bundle changes nothing.\n" +
        "Examples: download-models unpack models.tar.zst | download-models unpack - --cache-dir /mnt/models | download-models unpack models.tar.zst --dry-run");

    public Argument<string> Bundle { get; } = new("BUNDLE") { Description = "The bundle file to read, or - for stdin." };

    private Task<int> RunAsync(ParseResult parse, AppEnvironment env, CommonOptions common, BundleStreams streams, CancellationToken ct)
    {
        // Only the cache matters here: unpack never touches the network, so endpoint or token settings cannot fail it.
        var cacheDir = parse.GetValue(common.CacheDir);
        if (cacheDir is { Length: 0 })
            throw new UsageException("--cache-dir is empty: give a folder, e.g. --cache-dir /mnt/models.");
        var cache = CacheLocator.Resolve(cacheDir, env.GetEnv, env.CurrentDirectory, env.HomeDirectory);
        var options = new UnpackOptions(parse.GetValue(Bundle)!, cache, parse.GetValue(common.DryRun), parse.GetValue(common.Quiet), !parse.GetValue(common.NoSpaceCheck));
        return new UnpackRunner(env, streams, options).RunAsync(ct);
    }
}
