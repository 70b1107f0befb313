namespace DownloadModels.Engine;

/// <summary>How a download run behaves: files in flight (--jobs), offline, and whether the disk is checked first.</summary>
internal sealed record DownloadOptions(int Jobs, bool Offline, bool SpaceCheck);
