namespace DownloadModels.Commands;

/// <summary>What a text run of <see cref="DownloadRun"/> prints on stdout when it is done.</summary>
internal enum TextResult
{
    /// <summary>Each ready repo's snapshot folder, one per line (<c>MODEL_DIR=$(download-models get org/name -q)</c>); the summary goes to stderr.</summary>
    SnapshotPaths,

    /// <summary>The summary line, as download_models.sh printed it (the drop-in).</summary>
    Summary,
}
