namespace DownloadModels.Engine;

/// <summary>Offline mode needed something the cache does not hold.</summary>
internal sealed class OfflineException(string message) : Exception(message);
