namespace DownloadModels.Transfer;

/// <summary>The server answered a bounded Range request with the whole file: parallel ranges are impossible there.</summary>
internal sealed class RangeNotSupportedException() : Exception("the server does not honour Range requests");
