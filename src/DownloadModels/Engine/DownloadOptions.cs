namespace DownloadModels.Engine;

/// <summary>
/// How a download run behaves: files in flight (--jobs), offline, whether the disk is checked first, and
/// whether files already there are fetched and verified again (--force-download).
/// </summary>
internal sealed record DownloadOptions(int Jobs, bool Offline, bool SpaceCheck, bool Refetch = false);
