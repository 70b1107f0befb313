using DownloadModels.Cache;
using DownloadModels.Repos;

namespace DownloadModels.Transfer;

/// <summary>One file to bring into the cache: where it lives on the Hub and where its blob goes.</summary>
internal sealed record BlobJob(RepoCache Repo, RepoFile File, Uri ResolveUrl, string LockPath);

/// <summary>What happened to one file: found in the cache, or fetched (and how much was resumed).</summary>
internal sealed record BlobResult(bool WasCached, long BytesFetched, long BytesResumed, int Retries);
