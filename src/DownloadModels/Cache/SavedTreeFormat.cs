namespace DownloadModels.Cache;

/// <summary>What kind of <c>trees/{commit}.json</c> is on disk, which decides whether it may be replaced.</summary>
internal enum SavedTreeFormat
{
    /// <summary>No file.</summary>
    Absent,

    /// <summary>huggingface_hub's format, version 1: read, and never rewritten.</summary>
    Current,

    /// <summary>A JSON object with a format_version we do not know: left alone (a newer huggingface_hub's).</summary>
    UnknownVersion,

    /// <summary>Not JSON, cut short, or with entries that are not safe to use: replaced.</summary>
    Unreadable,
}
