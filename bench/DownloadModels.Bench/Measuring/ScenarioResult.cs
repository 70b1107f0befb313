using DownloadModels.Bench.Scenarios;

namespace DownloadModels.Bench.Measuring;

/// <summary>Every tool's summary on one scenario, and the tools it did not run (with why).</summary>
internal sealed record ScenarioResult(Scenario Scenario, IReadOnlyList<ToolSummary> Tools, IReadOnlyList<(string Tool, string Why)> Skipped)
{
    public int ThrottleMbps => Scenario.ThrottleMbps;

    public ToolSummary? Find(string name) => Tools.FirstOrDefault(t => t.Name == name && t.AllOk);

    /// <summary>A tool's summary whether or not its runs succeeded (to report why they failed).</summary>
    public ToolSummary? Any(string name) => Tools.FirstOrDefault(t => t.Name == name);

    public ToolSummary? Product => Tools.FirstOrDefault(t => t.IsProduct);

    /// <summary>The fastest tool other than <paramref name="tool"/> whose runs all succeeded.</summary>
    public ToolSummary? BestOther(ToolSummary tool) =>
        Tools.Where(t => t != tool && t.AllOk).MinBy(t => t.WallSeconds);
}
