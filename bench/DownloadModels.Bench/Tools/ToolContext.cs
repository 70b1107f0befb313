using DownloadModels.Bench.Scenarios;

namespace DownloadModels.Bench.Tools;

/// <summary>What a tool needs to build its command line for one scenario.</summary>
/// <param name="Urls">Final URLs, in the order of <c>Scenario.Files</c>.</param>
/// <param name="TargetDir">An empty folder the run writes into (recreated before every run).</param>
/// <param name="ListDir">Where URL lists go: outside the target, so they are neither timed nor counted.</param>
internal sealed record ToolContext(Scenario Scenario, IReadOnlyList<string> Urls, string TargetDir, string ListDir);
