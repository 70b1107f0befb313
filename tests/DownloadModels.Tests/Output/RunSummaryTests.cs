using DownloadModels.Engine;
using DownloadModels.Output;
using DownloadModels.Transfer;
using static DownloadModels.Tests.Output.OutputFixtures;

namespace DownloadModels.Tests.Output;

public class RunSummaryTests
{
    private static ModelResult Ok(string label, long fetched, long cached) =>
        new(Request(label), Commit, 3, 1, fetched, cached, TimeSpan.FromSeconds(1), []);

    private static ModelResult Failed(string label, params string[] errors) =>
        new(Request(label), null, 0, 0, 0, 0, TimeSpan.FromSeconds(1), errors);

    [Test]
    public async Task Write_AllSucceeded_TotalsLine()
    {
        var output = new StringWriter();
        RunSummary.Write(output, [Ok("stt", 100_000_000, 10_000_000), Ok("tts", 52_000_000, 0), Ok("embeddings", 0, 200_000_000)], TimeSpan.FromSeconds(4.1));
        await Assert.That(output.ToString()).IsEqualTo("All 3 models ready in 4.1 s (152 MB fetched, 210 MB cached).\n");
    }

    [Test]
    public async Task Write_ChunksReused_SaysHowMuch()
    {
        var output = new StringWriter();
        var plan = Whisper();
        var files = plan.Files.Select(f => new FileResult(f.File, FileStatus.Fetched, new BlobResult(false, f.File.Size / 4, 0, 0) { BytesReused = f.File.Size * 3 / 4 }, null)).ToArray();
        var result = new ModelResult(plan.Request, Commit, 5, 0, files.Sum(f => f.Transfer!.BytesFetched), 0, TimeSpan.FromSeconds(2), []) { FileResults = files };

        RunSummary.Write(output, [result, Ok("tts", 1_000_000, 0)], TimeSpan.FromSeconds(2));

        await Assert.That(output.ToString()).IsEqualTo("All 2 models ready in 2.0 s (19.9 MB fetched, 0 B cached, 56.7 MB reused).\n");
    }

    [Test]
    public async Task Write_OneModel_Singular()
    {
        var output = new StringWriter();
        RunSummary.Write(output, [Ok("stt", 2_200, 0)], TimeSpan.FromMilliseconds(850));
        await Assert.That(output.ToString()).IsEqualTo("1 model ready in 850 ms (2.2 kB fetched, 0 B cached).\n");
    }

    [Test]
    public async Task Write_SomeFailed_NamesThemWithoutRepeatingTheirErrors()
    {
        var output = new StringWriter();
        RunSummary.Write(output, [Failed("stt", "401: log in", "other"), Ok("tts", 1, 1), Failed("embeddings", "disk full")], TimeSpan.FromSeconds(2));
        await Assert.That(output.ToString()).IsEqualTo("2 of 3 models failed: stt, embeddings.\n");
    }

    [Test]
    public async Task Write_RepoNoun_UsedThroughout()
    {
        var output = new StringWriter();
        RunSummary.Write(output, [Ok("org/a", 1, 0), Ok("org/b", 1, 0)], TimeSpan.FromSeconds(1), "repo");
        await Assert.That(output.ToString()).StartsWith("All 2 repos ready in 1.0 s");
    }

    [Test]
    public async Task Write_NoModels_SaysSo()
    {
        var output = new StringWriter();
        RunSummary.Write(output, [], TimeSpan.Zero);
        await Assert.That(output.ToString()).IsEqualTo("No models to download.\n");
    }
}
