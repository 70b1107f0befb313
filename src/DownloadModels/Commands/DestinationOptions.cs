using System.CommandLine;

namespace DownloadModels.Commands;

/// <summary>
/// Where a download goes and whether what is there counts, as <c>hf download</c> spells it: <c>--local-dir DIR</c>
/// (plain files and huggingface_hub's metadata instead of the cache; not with --cache-dir) and
/// <c>--force-download</c> (fetch and verify again what is already there). Only commands that download
/// on request take them (the drop-in and get); each makes its own instance.
/// </summary>
internal sealed class DestinationOptions
{
    public Option<string?> LocalDir { get; } = new("--local-dir")
    {
        Description = "Put the files themselves in DIR (no cache, no links), with huggingface_hub's metadata in DIR/.cache/huggingface, as 'hf download --local-dir' does. One repo per folder; not with --cache-dir.",
        HelpName = "DIR",
    };

    public Option<bool> ForceDownload { get; } = new("--force-download")
    {
        Description = "Fetch and verify again every selected file, even those already in the cache (or the local dir).",
    };

    public void AddTo(Command command, CommonOptions common)
    {
        command.Options.Add(LocalDir);
        command.Options.Add(ForceDownload);
        LocalDir.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { Length: 0 })
                result.AddError("--local-dir is empty: give a folder, e.g. --local-dir ./models/e5.");
        });
        command.Validators.Add(result =>
        {
            if (result.GetResult(LocalDir) is not null && result.GetResult(common.CacheDir) is not null)
                result.AddError("--local-dir and --cache-dir cannot be used together: --cache-dir (or HF_HOME) for the shared cache, --local-dir for plain files in one folder.");
            if (result.GetValue(ForceDownload) && result.GetValue(common.Offline))
                result.AddError("--force-download fetches from the Hub, so it cannot run with --offline: drop one of them.");
        });
    }
}
