namespace DownloadModels.Engine;

/// <summary>How one file of a model ended (the words the JSON result uses, lower-cased).</summary>
internal enum FileStatus
{
    /// <summary>Its blob was in the cache already (or another download wrote it meanwhile).</summary>
    Cached,

    /// <summary>Downloaded and verified in this run.</summary>
    Fetched,

    /// <summary>Could not be brought into the cache; the error says why.</summary>
    Failed,

    /// <summary>Not attempted: the model failed as a whole first (gated, no access, interrupted).</summary>
    Skipped,
}
