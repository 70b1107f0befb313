using DownloadModels.Engine;

namespace DownloadModels.Inspection;

/// <summary>
/// verify's verdict on one repo: what it was checked against, each selected file's check, every line
/// to report, and the snapshot entries that are not in the commit at all (<see cref="Extras"/>, repo paths).
/// </summary>
internal sealed record RepoVerification(
    VerifyTarget Target,
    IReadOnlyList<FileCheck> Checks,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<string> Extras)
{
    public ModelRequest Request => Target.Request;
    public bool HasProblems => Findings.Any(f => f.IsProblem);
    public int ProblemCount => Findings.Count(f => f.IsProblem);
    public long BytesHashed => Checks.Sum(c => c.Blob.BytesHashed + (c.Copy?.BytesHashed ?? 0));
    public long SelectedBytes => Checks.Sum(c => c.File.Size);
}
