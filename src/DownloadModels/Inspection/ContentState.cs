namespace DownloadModels.Inspection;

/// <summary>How a file's bytes compare with what the commit's listing says they are.</summary>
internal enum ContentState
{
    Ok,
    Missing,
    /// <summary>A folder or a link where a regular file should be.</summary>
    NotAFile,
    WrongSize,
    WrongHash,
    Unreadable,
}
