namespace DownloadModels.Bench.Report;

/// <summary>One goal of an issue (5, 13) and where this run stands against it.</summary>
internal sealed record Target(string Name, string Measured, string Goal, TargetStatus Status)
{
    public static Target Check(string name, string measured, string goal, bool met) =>
        new(name, measured, goal, met ? TargetStatus.Met : TargetStatus.NotMet);

    public static Target Missing(string name, string goal, string why) => new(name, why, goal, TargetStatus.NotMeasured);

    public string StatusText => Status switch
    {
        TargetStatus.Met => "MET",
        TargetStatus.NotMet => "NOT MET",
        TargetStatus.Reported => "reported",
        _ => "not measured",
    };
}
