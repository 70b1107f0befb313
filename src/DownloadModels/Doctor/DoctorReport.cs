namespace DownloadModels.Doctor;

/// <summary>Every check of one `doctor` run, in a fixed order; it passes when none failed (skipped ones do not count).</summary>
internal sealed record DoctorReport(Uri Endpoint, string ProbeRepo, bool Offline, IReadOnlyList<DoctorCheck> Checks)
{
    public bool Passed => Checks.All(c => c.Status != CheckStatus.Fail);

    public int Failed => Checks.Count(c => c.Status == CheckStatus.Fail);
}
