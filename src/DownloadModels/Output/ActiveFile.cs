using DownloadModels.Transfer;

namespace DownloadModels.Output;

/// <summary>A file being downloaded, the model it belongs to, and the timestamp it started at (for its speed).</summary>
internal sealed record ActiveFile(FileProgress Progress, ModelTally Model, long StartedAt);
