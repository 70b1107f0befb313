namespace DownloadModels.Bench.Report;

internal enum TargetStatus
{
    Met,
    NotMet,

    /// <summary>A number the issue asks to see, with no bar to clear.</summary>
    Reported,

    /// <summary>This run did not measure it (scenario not selected, tool missing or failed, other mode).</summary>
    NotMeasured,
}
