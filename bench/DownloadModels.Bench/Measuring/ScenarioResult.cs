using DownloadModels.Bench.Scenarios;

namespace DownloadModels.Bench.Measuring;

/// <summary>Every tool's summary on one scenario; <see cref="ThrottleMbps"/> is 0 on plain loopback.</summary>
internal sealed record ScenarioResult(Scenario Scenario, int ThrottleMbps, IReadOnlyList<ToolSummary> Tools)
{
    public ToolSummary? Find(string name) => Tools.FirstOrDefault(t => t.Name == name && t.AllOk);

    public ToolSummary? Product => Tools.FirstOrDefault(t => t.IsProduct);

    /// <summary>The fastest tool other than <paramref name="tool"/> whose runs all succeeded.</summary>
    public ToolSummary? BestOther(ToolSummary tool) =>
        Tools.Where(t => t != tool && t.AllOk).MinBy(t => t.WallSeconds);
}
