using DownloadModels.Bench.Scenarios;

namespace DownloadModels.Bench.Tools;

/// <summary>
/// One contender. <see cref="IsProduct"/> marks download-models, whose numbers the targets judge;
/// <see cref="WritesHfCache"/> tools leave a Hugging Face cache (bytes counted in blobs/) rather than plain
/// files. <see cref="Skips"/> says why a scenario is not worth running for this tool, or null.
/// </summary>
internal sealed record Tool(string Name, bool IsProduct, bool WritesHfCache, Func<ToolContext, IReadOnlyList<string>> Command, Func<Scenario, string?>? Skips = null)
{
    public string? SkipReason(Scenario scenario) => Skips?.Invoke(scenario);
}
