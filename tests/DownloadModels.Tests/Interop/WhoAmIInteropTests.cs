using System.Text.Json.Nodes;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.EndToEnd;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// The fake hub's <c>/api/whoami-v2</c> (which `doctor` asks) read by huggingface_hub's own <c>whoami()</c>: the
/// account of a valid token, a refusal of any other; and `doctor` names the same account huggingface_hub does.
/// </summary>
[Category(TestCategory.Host)]
public sealed class WhoAmIInteropTests
{
    [Test]
    public async Task WhoAmI_FakeHubRoute_HuggingfaceHubAndDoctorNameTheSameAccount(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddUser("alice", "hf_alice");
        hub.AddRepo("org/model").AddFile("model.safetensors", 100_000, lfs: true);
        using var home = new TempHome();

        var run = await new PythonRun(home.Path).Endpoint(hub.ApiUrl).CallsAsync(
            new JsonObject { ["op"] = "whoami", ["token"] = "hf_alice" },
            new JsonObject { ["op"] = "whoami", ["token"] = "hf_nobody" });

        var problems = new List<string>();
        var valid = InteropCalls.Value(run, 0, problems);
        await Assert.That(problems).IsEmpty();
        await Assert.That(valid!["name"]!.GetValue<string>()).IsEqualTo("alice");
        await Assert.That(valid["type"]!.GetValue<string>()).IsEqualTo("user");
        var refused = run.Result.AsArray()[1]!;
        await Assert.That(refused["ok"]!.GetValue<bool>()).IsFalse();
        await Assert.That(refused["message"]!.GetValue<string>()).Contains("Invalid user token");

        using var cli = new CliHarness(hub.ApiUrl);
        cli.Env("HF_TOKEN", "hf_alice");
        var doctor = await cli.RunAsync(["doctor", "--repo", "org/model"], ct);
        await Assert.That(doctor.StdOut).Contains($"valid: {valid["type"]!.GetValue<string>()} {valid["name"]!.GetValue<string>()}").Because(doctor.ToString());
    }
}
