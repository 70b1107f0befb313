namespace DownloadModels.Oci;

/// <summary>A registry or artifact problem, as the one line the user reads (what is wrong, what to do).</summary>
internal sealed class OciException(string message) : Exception(message);
