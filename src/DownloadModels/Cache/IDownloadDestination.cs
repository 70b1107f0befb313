using DownloadModels.Repos;

namespace DownloadModels.Cache;

/// <summary>
/// Where a download run puts what it fetches: the hub cache (<see cref="HubCache"/>: blobs and snapshot links)
/// or a plain folder (<c>--local-dir</c>: the files themselves, with huggingface_hub's metadata beside them).
/// The engine plans and downloads through this seam only, so it never asks which one it writes to.
/// </summary>
internal interface IDownloadDestination
{
    /// <summary>The folder that receives the bytes: its file system is checked for room, and it is named in messages.</summary>
    string Root { get; }

    /// <summary>Null when the destination exists (created if need be) and can be written; else the one-line refusal.</summary>
    string? CheckWritable();

    /// <summary>One repo's files in this destination.</summary>
    IRepoDestination Repo(RepoId repo);
}
