namespace DownloadModels.Bench.Measuring;

/// <summary>Counts what a run left on disk, so a tool that "succeeded" without the bytes does not score.</summary>
internal static class OutputCheck
{
    /// <summary>
    /// For tools that fill a Hugging Face cache (download-models, huggingface_hub), the bytes of finished blobs
    /// (hub/*/blobs, not *.incomplete): the snapshot links point at them. For the others, every regular file
    /// except aria2c's control files.
    /// </summary>
    public static long Bytes(string targetDir, bool hfCache)
    {
        var hub = Path.Combine(targetDir, "hub");
        if (!Directory.Exists(hfCache ? hub : targetDir))
        {
            return 0;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var files = hfCache
            ? Directory.EnumerateDirectories(hub, "blobs", options)
                .SelectMany(blobs => Directory.EnumerateFiles(blobs, "*", options))
                .Where(f => !f.EndsWith(".incomplete", StringComparison.Ordinal))
            : Directory.EnumerateFiles(targetDir, "*", options).Where(f => !f.EndsWith(".aria2", StringComparison.Ordinal));
        return files.Sum(f => new FileInfo(f).Length);
    }
}
