using DownloadModels.Tests.Reliability;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.HardEdges;

/// <summary>
/// Issue 25, defects 3, 4 and 9 where only a real process shows them: broken pipes, stdout on /dev/full or
/// closed, full and read-only file systems (real tmpfs mounts in a private namespace, see <see cref="NamespacedRun"/>).
/// </summary>
[Category(TestCategory.Host)]
public sealed class NativeEdgeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Test]
    [Arguments("head -c 1000 >/dev/null")]
    [Arguments("true")]
    public async Task PackDash_ReaderGoesAway_FailsSayingSo(string reader, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/m").AddFile("w.bin", 4_000_000, lfs: true, seed: 5);
        using var folder = new TempFolder();

        var (_, output) = await NamespacedRun.RunAsync(
            $$"""
            export HOME="$DIR"
            "$BIN" get org/m -q >/dev/null
            { "$BIN" pack - org/m --offline 2>"$DIR/err"; echo "exit=$?" >"$DIR/code"; } | {{reader}}
            cat "$DIR/code" "$DIR/err"
            """,
            new Dictionary<string, string> { ["DIR"] = folder.Path, ["HF_ENDPOINT"] = hub.ApiUrl }, Limit);

        await Assert.That(output).DoesNotContain("exit=0").Because(output);
        await Assert.That(output).Contains("the reader of the bundle went away").Because(output);
        await Assert.That(output).DoesNotContain("Packed").Because(output);
    }

    [Test]
    public async Task Stdout_DevFullOrClosed_OneLineAndExitOneNoStackTrace(CancellationToken ct)
    {
        using var folder = new TempFolder();

        var (_, output) = await NamespacedRun.RunAsync(
            """
            export HOME="$DIR"
            "$BIN" list >/dev/full 2>"$DIR/full" && echo "full=0" || echo "full=$?"
            "$BIN" list >&- 2>"$DIR/closed" && echo "closed=0" || echo "closed=$?"
            "$BIN" no-such-command 2>&- && echo "noerr=0" || echo "noerr=$?"
            echo "--- full:"; cat "$DIR/full"; echo "--- closed:"; cat "$DIR/closed"
            """,
            new Dictionary<string, string> { ["DIR"] = folder.Path }, Limit);

        await Assert.That(output).Contains("full=1").Because(output);
        await Assert.That(output).Contains("closed=1").Because(output);
        await Assert.That(output).Contains("noerr=1").Because(output);
        await Assert.That(output).Contains("download-models: stopped: the disk is full").Because(output);
        await Assert.That(output).DoesNotContain("   at ").Because(output);
        await Assert.That(output).DoesNotContain("Unhandled exception").Because(output);
    }

    [Test]
    public async Task DotEnv_LinkToDevZero_ReadNoFurtherThanItsLimit(CancellationToken ct)
    {
        // The link's own size is tiny; its target never ends. Under a 256 MB heap it must still be harmless.
        using var folder = new TempFolder();

        var (_, output) = await NamespacedRun.RunAsync(
            """
            export HOME="$DIR"
            cd "$DIR" && ln -s /dev/zero .env
            "$BIN" list 2>&1 && echo "list=0" || echo "list=$?"
            """,
            new Dictionary<string, string> { ["DIR"] = folder.Path, ["DOTNET_GCHeapHardLimit"] = "10000000" }, Limit);

        await Assert.That(output).Contains("list=0").Because(output);
    }

    [Test]
    public async Task InitSbomLock_OnAFullDisk_OneLineEachNoStackTrace(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/m").AddFile("a.json", "{}");
        using var folder = new TempFolder();

        var (_, output) = await NamespacedRun.RunAsync(
            """
            export HOME="$DIR"
            mkdir -p "$MNT" && mount -t tmpfs -o size=256k tmpfs "$MNT"
            printf '[[model]]\nrepo = "org/m"\n' > "$MNT/download-models.toml"
            "$BIN" lock --manifest "$DIR/m.toml" 2>/dev/null || true
            printf '[[model]]\nrepo = "org/m"\n' > "$DIR/m.toml"
            "$BIN" lock --manifest "$DIR/m.toml" -q
            dd if=/dev/zero of="$MNT/fill" bs=4k 2>/dev/null || true
            "$BIN" init --manifest "$MNT/new.toml" 2>&1 && echo "init=0" || echo "init=$?"
            "$BIN" sbom --lock "$DIR/m.lock" -o "$MNT/sbom.json" 2>&1 && echo "sbom=0" || echo "sbom=$?"
            "$BIN" lock --manifest "$MNT/download-models.toml" 2>&1 && echo "lock=0" || echo "lock=$?"
            """,
            new Dictionary<string, string> { ["DIR"] = folder.Path, ["MNT"] = folder.Combine("mnt"), ["HF_ENDPOINT"] = hub.ApiUrl }, Limit);

        await Assert.That(output).Contains("init=1").Because(output);
        await Assert.That(output).Contains("sbom=1").Because(output);
        await Assert.That(output).Contains("lock=1").Because(output);
        await Assert.That(output).Contains("the disk is full").Because(output);
        await Assert.That(output).DoesNotContain("   at ").Because(output);
    }

    [Test]
    public async Task Rm_ReadOnlyCache_SaysReadOnlyNotThatADownloadRuns(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/m").AddFile("a.json", "{}");
        using var folder = new TempFolder();

        var (_, output) = await NamespacedRun.RunAsync(
            """
            mkdir -p "$MNT" && mount -t tmpfs -o size=16m tmpfs "$MNT"
            export HOME="$MNT"
            "$BIN" get org/m -q >/dev/null
            mount -o remount,ro "$MNT"
            "$BIN" rm org/m 2>&1 && echo "rm=0" || echo "rm=$?"
            """,
            new Dictionary<string, string> { ["MNT"] = folder.Combine("mnt"), ["HF_ENDPOINT"] = hub.ApiUrl }, Limit);

        await Assert.That(output).DoesNotContain("download").Because(output);
        await Assert.That(output).Contains("read-only").Because(output);
        await Assert.That(output).DoesNotContain("rm=0").Because(output);
    }

    [Test]
    public async Task Get_ReadOnlyCacheWithTheBlobsLockFileLeft_FailsAtOnceInsteadOfWaitingForever(CancellationToken ct)
    {
        // Pinned while at it: a lock file that cannot be opened for writing is not one another process holds
        // (the write probe already stops this run first; BlobLock no longer waits on such a file either way).
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/m").AddFile("w.bin", 5000, lfs: true, seed: 2);
        using var folder = new TempFolder();

        var (_, output) = await NamespacedRun.RunAsync(
            """
            mkdir -p "$MNT" && mount -t tmpfs -o size=16m tmpfs "$MNT"
            export HOME="$MNT"
            "$BIN" get org/m -q >/dev/null
            rm -rf "$MNT/.cache/huggingface/hub/models--org--m/blobs/"* "$MNT/.cache/huggingface/hub/models--org--m/snapshots"
            mount -o remount,ro "$MNT"
            timeout 30 "$BIN" get org/m 2>&1 && echo "get=0" || echo "get=$?"
            """,
            new Dictionary<string, string> { ["MNT"] = folder.Combine("mnt"), ["HF_ENDPOINT"] = hub.ApiUrl }, Limit);

        await Assert.That(output).Contains("get=1").Because(output);
        await Assert.That(output).Contains("read-only").Because(output);
    }

    [Test]
    public async Task Mirror_OnAFullDisk_SaysTheDiskIsFullAndNoServingInstructions(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/m").AddFile("w.bin", 2_000_000, lfs: true, seed: 9);
        using var folder = new TempFolder();

        var (_, output) = await NamespacedRun.RunAsync(
            """
            export HOME="$DIR"
            "$BIN" get org/m -q >/dev/null
            mkdir -p "$MNT" && mount -t tmpfs -o size=512k tmpfs "$MNT"
            "$BIN" mirror "$MNT/mirror" org/m 2>&1 && echo "mirror=0" || echo "mirror=$?"
            """,
            new Dictionary<string, string> { ["DIR"] = folder.Path, ["MNT"] = folder.Combine("mnt"), ["HF_ENDPOINT"] = hub.ApiUrl }, Limit);

        await Assert.That(output).Contains("disk is full").Because(output);
        await Assert.That(output).DoesNotContain("Serve it with").Because(output);
        await Assert.That(output).DoesNotContain("mirror=0").Because(output);
    }
}
