namespace DownloadModels.Bundle;

/// <summary>The bundle is damaged, truncated or hostile; the message says what, and nothing was merged.</summary>
internal sealed class BundleException(string message) : Exception(message);
