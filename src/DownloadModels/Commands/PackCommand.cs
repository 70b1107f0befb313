using System.CommandLine;
using DownloadModels.Bundle;
using DownloadModels.Contract;

namespace DownloadModels.Commands;

/// <summary>
/// `pack BUNDLE [selection]`: the selected models (downloaded first when missing) as one .tar.zst for a
/// host without internet. The selection is the download's: drop-in flags or repo ids with their options.
/// </summary>
internal sealed class PackCommand
{
    private readonly SelectionOptions _selection = new();

    public PackCommand(AppEnvironment env, CommonOptions common, CancellationToken ct)
        : this(env, common, ct, BundleStreams.FromConsole())
    {
    }

    public PackCommand(AppEnvironment env, CommonOptions common, CancellationToken ct, BundleStreams streams)
    {
        Command.Arguments.Add(Bundle);
        _selection.AddTo(Command);
        Command.Options.Add(Level);
        Command.Options.Add(Threads);
        Command.SetAction((parse, _) => CommandGuard.RunAsync(env, ct, () =>
        {
            var settings = RunSettings.Parse(parse, common, env);
            var options = new PackOptions(parse.GetValue(Bundle)!,
                InRange(parse.GetValue(Level), BundleFormat.MinLevel, BundleFormat.MaxLevel, "--level"),
                InRange(parse.GetValue(Threads) ?? DefaultThreads, 0, BundleFormat.MaxThreads, "--threads"));
            return new PackRunner(settings, env, streams, options).RunAsync(_selection.Requests(parse, env), ct);
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

    private const int MaxDefaultThreads = 4;

    private static int DefaultThreads => Math.Min(Environment.ProcessorCount, MaxDefaultThreads);

    private static int InRange(int value, int min, int max, string option) =>
        value >= min && value <= max ? value : throw new UsageException($"{option} must be between {min} and {max} (got {value}).");
}
