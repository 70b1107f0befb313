namespace DownloadModels.Engine;

/// <summary>A pinned listing (a lockfile's) disagrees with the Hub's listing of the same commit: nothing of that model is downloaded.</summary>
internal sealed class PinMismatchException(string message) : Exception(message);
