namespace DownloadModels.Xet;

/// <summary>What a Xet download tells the progress view: bytes of the file on disk, bytes that crossed the network.</summary>
internal interface IXetProgress
{
    /// <summary>Bytes of the file already there when the download starts (a resumed partial) or after a restart.</summary>
    void SetDone(long bytes);

    /// <summary>Decompressed bytes written into the file.</summary>
    void Wrote(int bytes);

    /// <summary>Bytes of a chunk copied into the file from a blob the cache holds (written, never fetched).</summary>
    void Reused(int bytes);

    /// <summary>Bytes received from the Xet store (compressed xorb bytes, headers included).</summary>
    void Received(int bytes);
}
