namespace DownloadModels.Manifest;

/// <summary>A manifest or lock that cannot be used: every problem found, each as "file:line: what is wrong".</summary>
internal sealed class TomlFileException(string fileName, IReadOnlyList<string> errors)
    : Exception($"{fileName} has {errors.Count} error(s):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}")
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
