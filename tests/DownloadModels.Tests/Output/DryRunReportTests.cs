using DownloadModels.Output;
using static DownloadModels.Tests.Output.OutputFixtures;

namespace DownloadModels.Tests.Output;

public class DryRunReportTests
{
    [Test]
    public async Task Write_Plan_SummaryThenAlignedFiles()
    {
        var output = new StringWriter();
        var request = Request();
        DryRunReport.Write(output, Plan(request, File("config.json", 2_250, cached: true), File("model.bin", 75_500_000)));

        await Assert.That(output.ToString()).IsEqualTo(
            "[stt] Systran/faster-whisper-tiny @ main\n" +
            $"  commit   {Commit}\n" +
            "  files    2 (75.5 MB)\n" +
            "  cached   2.3 kB\n" +
            "  to fetch 75.5 MB\n" +
            "    config.json   2.3 kB  cached\n" +
            "    model.bin    75.5 MB  to fetch\n");
    }

    [Test]
    public async Task Write_FromCacheOnly_SaysSoFirst()
    {
        var output = new StringWriter();
        var plan = Whisper(cached: true) with { HubUnreachable = "connection refused" };
        DryRunReport.Write(output, plan);

        var lines = output.ToString().Split('\n');
        await Assert.That(lines[1]).IsEqualTo("  the hub could not be reached (connection refused); reporting from the cache only");
        await Assert.That(lines[5]).IsEqualTo("  to fetch 0 B");
        await Assert.That(lines[7]).IsEqualTo("    model.bin" + new string(' ', 17) + "75.5 MB  cached");
    }

    [Test]
    public async Task Write_MissingOptional_Listed()
    {
        var output = new StringWriter();
        DryRunReport.Write(output, Whisper() with { MissingOptional = ["generation_config.json"] });
        await Assert.That(output.ToString()).Contains("  absent   generation_config.json (optional, marked as missing)\n");
    }

    [Test]
    public async Task WriteNotInCache_Request_OneLineWithReason()
    {
        var output = new StringWriter();
        DryRunReport.WriteNotInCache(output, Request(), "name resolution failed");
        await Assert.That(output.ToString()).IsEqualTo(
            "[stt] Systran/faster-whisper-tiny @ main: not in the cache, and the hub could not be reached (name resolution failed)\n");
    }
}
