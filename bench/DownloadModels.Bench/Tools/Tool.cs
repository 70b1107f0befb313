namespace DownloadModels.Bench.Tools;

/// <summary>
/// One contender. <see cref="IsProduct"/> marks download-models, whose output is a Hugging Face cache
/// (bytes counted in blobs/) rather than plain files, and whose numbers the targets judge.
/// </summary>
internal sealed record Tool(string Name, bool IsProduct, Func<ToolContext, IReadOnlyList<string>> Command);
