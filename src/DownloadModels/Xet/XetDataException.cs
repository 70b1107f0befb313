namespace DownloadModels.Xet;

/// <summary>
/// Bytes from the Xet store that cannot be what the protocol says (a bad chunk header, an LZ4 frame that does not
/// decode, a term whose chunks do not add up to its length): the range is fetched again, never kept.
/// </summary>
internal sealed class XetDataException(string message) : Exception(message);
