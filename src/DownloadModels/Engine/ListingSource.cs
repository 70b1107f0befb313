namespace DownloadModels.Engine;

/// <summary>Where a commit's file list came from.</summary>
internal enum ListingSource
{
    /// <summary>The Hub's tree listing, just fetched.</summary>
    Hub,

    /// <summary><c>trees/{commit}.json</c> in the cache (ours or huggingface_hub's).</summary>
    SavedTree,

    /// <summary>The snapshot's own links: only the files present, named by their blobs.</summary>
    Snapshot,
}
