using DownloadModels.Settings;

namespace DownloadModels.Commands;

/// <summary>unpack's settings, validated: the bundle ("-" = stdin), the target cache and the common flags it honours.</summary>
internal sealed record UnpackOptions(string Bundle, CacheLocation Cache, bool DryRun, bool Quiet, bool SpaceCheck)
{
    public bool FromStdin => Bundle == "-";
}
