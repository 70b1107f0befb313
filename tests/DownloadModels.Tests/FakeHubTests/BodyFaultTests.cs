using System.Diagnostics;

namespace DownloadModels.Tests.FakeHubTests;

using DownloadModels.Tests.FakeHub;

public class BodyFaultTests
{
    private const int Size = 50_000;

    private static async Task<(FakeHub Hub, string Url, byte[] Content)> StartAsync()
    {
        var hub = await FakeHub.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("model.bin", Size, lfs: true);
        using var http = HubHttp.Client();
        using var resolve = await http.SendAsync($"{hub.ApiUrl}/org/model/resolve/main/model.bin");
        return (hub, resolve.Headers.Location!.ToString(), repo.GetContent("model.bin"));
    }

    [Test]
    public async Task CutBodyAfter_TwoTimes_CutsTwiceThenServesWhole()
    {
        var (hub, url, content) = await StartAsync();
        await using var _ = hub;
        var fault = hub.Faults.CutBodyAfter(1000, times: 2);
        using var http = HubHttp.Client();
        var results = new List<(long? Length, int Received, bool Broken)>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.SendAsync(url);
            var (body, broken) = await response.ReadBodyAsync();
            results.Add((response.Content.Headers.ContentLength, body.Length, broken));
        }

        await Assert.That(string.Join(";", results)).IsEqualTo($"({Size}, 1000, True);({Size}, 1000, True);({Size}, {Size}, False)");
        await Assert.That(fault.Fired).IsEqualTo(2);
        await Assert.That(hub.Requests.Count(r => r.Aborted)).IsEqualTo(2);
    }

    [Test]
    public async Task Stall_Once_HoldsBodyThenContinues()
    {
        var (hub, url, content) = await StartAsync();
        await using var _ = hub;
        var fault = hub.Faults.Stall(TimeSpan.FromMilliseconds(300), times: 1, afterBytes: 100);
        using var http = HubHttp.Client();
        var clock = Stopwatch.StartNew();
        using var stalled = await http.SendAsync(url);
        var (body, _) = await stalled.ReadBodyAsync();
        var stalledTime = clock.Elapsed;
        using var normal = await http.SendAsync(url, range: "bytes=0-");

        await Assert.That(stalledTime).IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(280));
        await Assert.That(FakeHub.Sha256Hex(body)).IsEqualTo(FakeHub.Sha256Hex(content));
        await Assert.That((int)normal.StatusCode).IsEqualTo(206);
        await Assert.That(fault.Fired).IsEqualTo(1);
    }

    [Test]
    public async Task FlipByte_Once_CorruptsThatByteOnce()
    {
        var (hub, url, content) = await StartAsync();
        await using var _ = hub;
        var fault = hub.Faults.FlipByte(20_000, times: 1);
        using var http = HubHttp.Client();
        using var past = await http.SendAsync(url, range: "bytes=30000-");
        await past.ReadBodyAsync();
        using var corrupt = await http.SendAsync(url, range: "bytes=10000-");
        var (body, _) = await corrupt.ReadBodyAsync();
        using var clean = await http.SendAsync(url);
        var (cleanBody, _) = await clean.ReadBodyAsync();

        await Assert.That(body[10_000]).IsEqualTo((byte)(content[20_000] ^ 0xFF));
        await Assert.That(FakeHub.Sha256Hex(body.AsSpan(10_001))).IsEqualTo(FakeHub.Sha256Hex(content.AsSpan(20_001)));
        await Assert.That(FakeHub.Sha256Hex(cleanBody)).IsEqualTo(FakeHub.Sha256Hex(content));
        await Assert.That(fault.Fired).IsEqualTo(1);
    }

    [Test]
    public async Task IgnoreRange_Once_Answers200WithWholeBody()
    {
        var (hub, url, _) = await StartAsync();
        await using var __ = hub;
        var fault = hub.Faults.IgnoreRange(times: 1);
        using var http = HubHttp.Client();
        using var whole = await http.SendAsync(url);
        using var ignored = await http.SendAsync(url, range: "bytes=100-");
        using var honoured = await http.SendAsync(url, range: "bytes=100-");

        await Assert.That((int)whole.StatusCode).IsEqualTo(200);
        await Assert.That((int)ignored.StatusCode).IsEqualTo(200);
        await Assert.That(ignored.Content.Headers.ContentLength).IsEqualTo(Size);
        await Assert.That((int)honoured.StatusCode).IsEqualTo(206);
        await Assert.That(fault.Fired).IsEqualTo(1);
    }

    [Test]
    public async Task WrongLength_Once_ServesOneByteShort()
    {
        var (hub, url, content) = await StartAsync();
        await using var _ = hub;
        var fault = hub.Faults.WrongLength(times: 1);
        using var http = HubHttp.Client();
        using var shortened = await http.SendAsync(url);
        var (body, broken) = await shortened.ReadBodyAsync();
        using var normal = await http.SendAsync(url);

        await Assert.That(shortened.Content.Headers.ContentLength).IsEqualTo(Size - 1);
        await Assert.That(broken).IsFalse();
        await Assert.That(FakeHub.Sha256Hex(body)).IsEqualTo(FakeHub.Sha256Hex(content.AsSpan(0, Size - 1)));
        await Assert.That(normal.Content.Headers.ContentLength).IsEqualTo(Size);
        await Assert.That(fault.Fired).IsEqualTo(1);
    }

    [Test]
    public async Task Throttle_100KBps_PacesTheBody()
    {
        var (hub, url, content) = await StartAsync();
        await using var _ = hub;
        hub.Faults.ThrottleBytesPerSecond(100_000);
        using var http = HubHttp.Client();
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(url);
        var (body, _) = await response.ReadBodyAsync();

        await Assert.That(clock.Elapsed).IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(400));
        await Assert.That(FakeHub.Sha256Hex(body)).IsEqualTo(FakeHub.Sha256Hex(content));
    }

    [Test]
    public async Task Dispose_WhileStalled_EndsQuickly()
    {
        var (hub, url, _) = await StartAsync();
        hub.Faults.Stall(TimeSpan.FromMinutes(5));
        using var http = HubHttp.Client();
        using var response = await http.SendAsync(url);
        var clock = Stopwatch.StartNew();
        await hub.DisposeAsync();

        await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(3));
    }
}
