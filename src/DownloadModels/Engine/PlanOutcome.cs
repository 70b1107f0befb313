namespace DownloadModels.Engine;

/// <summary>A model's plan, or why it could not be planned (then <see cref="Plan"/> is null).</summary>
internal sealed record PlanOutcome(ModelRequest Request, ModelPlan? Plan, string? Error, TimeSpan Elapsed);
