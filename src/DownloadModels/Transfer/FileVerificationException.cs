namespace DownloadModels.Transfer;

/// <summary>The content kept arriving with the wrong hash; the bytes were discarded.</summary>
internal sealed class FileVerificationException(string message) : Exception(message);
