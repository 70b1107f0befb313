namespace DownloadModels.Commands;

/// <summary>pack's own arguments, validated: where the bundle goes ("-" = stdout), zstd's level and worker threads.</summary>
internal sealed record PackOptions(string Bundle, int Level, int Threads)
{
    public bool ToStdout => Bundle == "-";
}
