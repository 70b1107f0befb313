using DownloadModels.Transfer;

namespace DownloadModels.Output;

/// <summary>A file being downloaded, with the timestamp it started at (for its elapsed time and speed).</summary>
internal sealed record ActiveFile(FileProgress Progress, long StartedAt);
