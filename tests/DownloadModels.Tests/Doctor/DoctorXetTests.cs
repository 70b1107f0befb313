using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub.Xet;
using DownloadModels.Tests.XetCrossCheck;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Doctor;

/// <summary>
/// `doctor`'s Xet checks against the fake CAS serving files @huggingface/hub's uploader made: the token route's CAS
/// answers a reconstruction and the transfer host serves its signed xorb range; a CAS nobody listens on fails with
/// the host to let through.
/// </summary>
[Category(TestCategory.Host)]
[ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
[Timeout(120_000)]
public sealed class DoctorXetTests(XetFixtures fixtures)
{
    private const string Probe = "org/xet";

    private static string Line(string output, string check) =>
        output.Split('\n').FirstOrDefault(l => l.Length > 6 && l[6..].StartsWith(check + " ", StringComparison.Ordinal)) ?? $"(no {check} line)";

    [Test]
    public async Task Doctor_XetRepo_CasAndTransferHostsAnswer(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo(Probe).AddFile("config.json", "{}").AddXetFile("model.safetensors", fixtures.Set, XetStandardFixtures.ModelV1);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["doctor", "--repo", Probe], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Line(result.StdOut, "xet_cas")).StartsWith("ok").Because(result.StdOut);
        await Assert.That(Line(result.StdOut, "xet_cas")).Contains(hub.CasUrl);
        await Assert.That(Line(result.StdOut, "xet_transfer")).StartsWith("ok");
        await Assert.That(Line(result.StdOut, "xet_transfer")).Contains(hub.TransferUrl);
        await Assert.That(hub.Cas.ReconstructionsServed).IsEqualTo(1);
    }

    [Test]
    public async Task Doctor_CasUnreachable_XetFailsNamingTheHost(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo(Probe).AddFile("config.json", "{}").AddXetFile("model.safetensors", fixtures.Set, XetStandardFixtures.ModelV1);
        hub.Cas.Unreachable = true;
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["doctor", "--repo", Probe], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        var cas = Line(result.StdOut, "xet_cas");
        await Assert.That(cas).StartsWith("FAIL").Because(result.StdOut);
        await Assert.That(cas).Contains("let 127.0.0.1 through the firewall");
        await Assert.That(Line(result.StdOut, "cdn")).StartsWith("ok");
        await Assert.That(Line(result.StdOut, "xet_transfer")).StartsWith("skip");
    }
}
