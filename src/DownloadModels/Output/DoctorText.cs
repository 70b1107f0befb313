using System.Globalization;
using DownloadModels.Doctor;

namespace DownloadModels.Output;

/// <summary>
/// `doctor` for people: a line per check — status, check, what it looked at, what it found and, for a failed
/// check, what to do — then one line of counts. Quiet: only the failed checks.
/// </summary>
internal static class DoctorText
{
    public static void Write(TextWriter output, DoctorReport report, bool quiet)
    {
        if (!quiet)
            output.Write($"doctor: endpoint {report.Endpoint.GetLeftPart(UriPartial.Authority)}, probe repo {report.ProbeRepo}{(report.Offline ? ", offline" : "")}\n");
        var nameWidth = report.Checks.Max(c => c.Name.Length);
        foreach (var check in report.Checks.Where(c => !quiet || c.Status == CheckStatus.Fail))
            output.Write(Line(check, nameWidth) + "\n");
        if (!quiet)
            output.Write(Summary(report) + "\n");
        output.Flush();
    }

    /// <summary><c>FAIL  token  https://hub/api/whoami-v2: refused (HTTP 401) …; to fix: create a token …</c></summary>
    public static string Line(DoctorCheck check, int nameWidth)
    {
        var status = check.Status switch { CheckStatus.Ok => "ok", CheckStatus.Fail => "FAIL", _ => "skip" };
        var target = check.Target.Length == 0 ? "" : check.Target + ": ";
        var fix = check.Fix is null ? "" : "; to fix: " + check.Fix;
        return ProgressLines.Printable($"{status,-4}  {check.Name.PadRight(nameWidth)}  {target}{check.Detail}{fix}").ReplaceLineEndings(" ");
    }

    /// <summary><c>12 checks: 10 ok, 1 failed, 1 skipped</c>.</summary>
    public static string Summary(DoctorReport report)
    {
        var ok = report.Checks.Count(c => c.Status == CheckStatus.Ok);
        var skipped = report.Checks.Count(c => c.Status == CheckStatus.Skip);
        var verdict = report.Passed ? "nothing to fix" : report.Failed == 1 ? "fix the failed check above" : "fix the failed checks above";
        return string.Create(CultureInfo.InvariantCulture, $"{report.Checks.Count} checks: {ok} ok, {report.Failed} failed, {skipped} skipped; {verdict}.");
    }
}
