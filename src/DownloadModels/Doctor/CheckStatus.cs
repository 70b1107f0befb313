namespace DownloadModels.Doctor;

/// <summary>How one check of `doctor` ended: passed, failed (something to fix, named in its line), or not run.</summary>
internal enum CheckStatus
{
    Ok,
    Fail,

    /// <summary>Not applicable here (no token set, a plain-HTTP endpoint, a file not stored in Xet) or not run (offline).</summary>
    Skip,
}
