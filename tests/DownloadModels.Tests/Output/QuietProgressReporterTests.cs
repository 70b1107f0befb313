using DownloadModels.Engine;
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
            reporter.ModelFinished(new ModelResult(Request("tts"), Commit, 1, 1, 0, 10, TimeSpan.FromSeconds(1), []));
            reporter.ModelFinished(new ModelResult(plan.Request, Commit, 5, 0, 2_250, 0, TimeSpan.FromSeconds(2), ["model.bin: connection reset"]));
        }

        await Assert.That(output.ToString()).IsEqualTo(
            "[stt] error: model.bin: connection reset\n[stt] FAILED: model.bin: connection reset\n");
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
