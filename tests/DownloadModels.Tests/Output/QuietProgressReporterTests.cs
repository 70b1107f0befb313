using DownloadModels.Engine;
using DownloadModels.Hub;
using DownloadModels.Output;
using DownloadModels.Transfer;
using static DownloadModels.Tests.Output.OutputFixtures;

namespace DownloadModels.Tests.Output;

public class QuietProgressReporterTests
{
    [Test]
    public async Task Reporter_WholeRun_PrintsOnlyErrors()
    {
        var output = new StringWriter();
        await using (var reporter = new QuietProgressReporter(output))
        {
            var plan = Whisper();
            reporter.ModelPlanned(plan);
            reporter.Notice("waiting for a lock");
            var done = reporter.FileStarted(plan, plan.Files[0]);
            reporter.FileFinished(done, new BlobResult(false, 2_250, 0, 0));
            var failed = reporter.FileStarted(plan, ModelBin(plan));
            reporter.FileFailed(failed, "model.bin: connection reset");
            reporter.Retrying(new RetryNotice("model.bin", "connection reset", TimeSpan.FromSeconds(1), 1, 5));
            reporter.ModelFinished(Result(Plan(Request("tts"), File("config.json", 10)), FileStatus.Fetched));
            reporter.ModelFinished(Result(plan, FileStatus.Fetched, ("model.bin", "model.bin: connection reset")));
        }

        await Assert.That(output.ToString()).IsEqualTo(
            "[stt] error: model.bin: connection reset\n[stt] Systran/faster-whisper-tiny @ main (d90ca5f): failed: 1 file of 5 failed (above)\n");
    }

    [Test]
    public async Task FileStarted_Planned_CountersDescribeTheFile()
    {
        await using var reporter = new QuietProgressReporter(new StringWriter());
        var plan = Whisper();
        var file = reporter.FileStarted(plan, ModelBin(plan));
        await Assert.That(file.Model).IsEqualTo("stt");
        await Assert.That(file.Path).IsEqualTo("model.bin");
        await Assert.That(file.Total).IsEqualTo(75_500_000L);
    }
}
