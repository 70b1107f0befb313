using System.Diagnostics;
using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// Several processes filling one cache at once (two containers on one bind mount, a CI matrix): all
/// succeed, each blob crosses the network once, and the locks are huggingface_hub's own flock files,
/// so a Python library (or util-linux flock, which takes the same lock) and this tool wait for each other.
/// </summary>
[Category(TestCategory.Host)]
[Timeout(120_000)]
public sealed class ConcurrentProcessTests
{
    [Test]
    public async Task ThreeProcesses_SameModelsSameCache_AllSucceedEachBlobSentOnce(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/shared").AddFile("config.json", "{\"a\": 1}").AddFile("tokenizer.json", FakeHubContent.Random(200_000, 3), lfs: false);
        for (var i = 0; i < 4; i++)
            repo.AddFile($"model-{i}.safetensors", 1_000_000 + (i * 500_000), lfs: true);
        hub.AddRepo("org/other").AddFile("w.bin", 1_500_000, lfs: true);
        hub.Faults.ThrottleBytesPerSecond(2_000_000);
        using var home = new TempHome();
        var cacheDir = home.Sub("shared-mount");

        // One stream per file: a file split on this slow link would have its first range's answer cut where the second
        // starts, and the bytes already on their way past that point would count as sent twice.
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            home.Run().Env("HF_ENDPOINT", hub.ApiUrl).RunAsync(["get", "org/shared", "org/other", "--cache-dir", cacheDir, "--jobs", (2 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "--connections", "1"], TimeSpan.FromSeconds(90), null)));

        var hubCache = Path.Combine(cacheDir, "hub");
        foreach (var run in runs)
            await Assert.That(run.ExitCode).IsEqualTo(0).Because(run.ToString());
        await Assert.That(CacheCheck.Problems(hubCache, repo)).IsEmpty();
        await Assert.That(CacheCheck.Problems(hubCache, hub.FindRepo("org/other")!)).IsEmpty();
        foreach (var path in repo.Paths)
        {
            var marker = repo.SizeOf(path) > 1000 && path.EndsWith(".safetensors", StringComparison.Ordinal) ? repo.Sha256Of(path) : path;
            var sent = hub.Requests.Where(r => r.Status is 200 or 206 && r.PathAndQuery.Contains(marker, StringComparison.Ordinal) && !r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal)).Sum(r => r.BodyBytesSent);
            await Assert.That(sent).IsEqualTo(repo.SizeOf(path)).Because($"{path} must cross the network exactly once");
            var etag = path.EndsWith(".safetensors", StringComparison.Ordinal) ? repo.Sha256Of(path) : repo.GitSha1Of(path);
            await Assert.That(File.Exists(Path.Combine(hubCache, ".locks", "models--org--shared", etag + ".lock"))).IsTrue();
        }

    }

    [Test]
    public async Task LockHeldByAnotherFlockUser_DownloadWaitsThenFindsTheBlob(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", 300_000, lfs: true);
        using var home = new TempHome();
        var hubCache = home.Sub(".cache/huggingface/hub");
        var lockPath = Path.Combine(hubCache, ".locks", "models--org--model", repo.Sha256Of("w.bin") + ".lock");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        // util-linux flock takes flock(2) LOCK_EX, exactly as Python's filelock does; it holds it until its stdin closes.
        using var holder = Process.Start(new ProcessStartInfo("flock", ["-x", lockPath, "-c", "echo locked; read line"]) { RedirectStandardOutput = true, RedirectStandardInput = true })!;
        await Assert.That(await holder.StandardOutput.ReadLineAsync(ct)).IsEqualTo("locked");
        var cdnWhileHeld = -1;

        var result = await home.Run().Env("HF_ENDPOINT", hub.ApiUrl).RunAsync(["get", "org/model"], TimeSpan.FromSeconds(60), async _ =>
        {
            while (!hub.Requests.Any(r => r.PathAndQuery.Contains("/tree/", StringComparison.Ordinal)))
                await Task.Delay(20, ct);
            await Task.Delay(1000, ct);
            cdnWhileHeld = hub.Requests.Count(r => r.Host == FakeHost.Cdn);
            holder.StandardInput.Close();
        });

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("the same blob");
        await Assert.That(cdnWhileHeld).IsEqualTo(0);
        await Assert.That(CacheCheck.Problems(hubCache, repo)).IsEmpty();
    }

    [Test]
    public async Task DownloadInProgress_AnotherFlockUser_FindsTheBlobLocked(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", 3_000_000, lfs: true);
        hub.Faults.ThrottleBytesPerSecond(1_000_000, host: FakeHost.Cdn);
        using var home = new TempHome();
        var hubCache = home.Sub(".cache/huggingface/hub");
        var lockPath = Path.Combine(hubCache, ".locks", "models--org--model", repo.Sha256Of("w.bin") + ".lock");
        var partial = Path.Combine(hubCache, "models--org--model", "blobs", repo.Sha256Of("w.bin") + ".incomplete");
        var probeExit = -1;

        var result = await home.Run().Env("HF_ENDPOINT", hub.ApiUrl).RunAsync(["get", "org/model"], TimeSpan.FromSeconds(60), async _ =>
        {
            while (!File.Exists(partial))
                await Task.Delay(20, ct);
            // -n: fail at once instead of waiting; -E: the exit code for "someone else holds it".
            using var probe = Process.Start(new ProcessStartInfo("flock", ["-n", "-E", "99", lockPath, "true"]))!;
            await probe.WaitForExitAsync(ct);
            probeExit = probe.ExitCode;
        });

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(probeExit).IsEqualTo(99);
        await Assert.That(CacheCheck.Problems(hubCache, repo)).IsEmpty();
    }
}
