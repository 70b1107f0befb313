using DownloadModels.Transfer;

namespace DownloadModels.Output;

/// <summary>
/// A file being downloaded, the model it belongs to, the timestamp it started at (for its average speed), and its
/// speed over the last few seconds (<paramref name="Recent"/>, fed on every sample: what its connections give now).
/// </summary>
internal sealed record ActiveFile(FileProgress Progress, ModelTally Model, long StartedAt, RateMeter Recent);
