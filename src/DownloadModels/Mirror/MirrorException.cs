namespace DownloadModels.Mirror;

/// <summary>One model could not be mirrored (its message says what to do); the others go on.</summary>
internal sealed class MirrorException(string message) : Exception(message);
