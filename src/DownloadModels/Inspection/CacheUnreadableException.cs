namespace DownloadModels.Inspection;

/// <summary>The cache folder itself cannot be listed; the message says so in words (the runtime's exception is inside).</summary>
internal sealed class CacheUnreadableException(string message, Exception inner) : IOException(message, inner);
