namespace DownloadModels.Engine;

/// <summary>
/// What can be said about one model without writing anything: its plan (from the Hub, or from the cache
/// when the Hub is off or unreachable), or why not. <see cref="Unreachable"/> tells a network problem,
/// which the cache may still answer, from a refusal by the Hub (a missing repo, a bad token).
/// </summary>
internal sealed record PlanAnswer(ModelRequest Request, ModelPlan? Plan, string? Error, bool Unreachable);
