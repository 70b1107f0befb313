using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Interop;

namespace DownloadModels.Tests.Oci;

/// <summary>
/// Where the tests of a pull from a registry that misbehaves start: the pipeline's fake hub, a registry, e5 pushed to
/// <see cref="Reference"/> by the published binary from <see cref="Source"/>'s cache, and an empty home
/// (<see cref="Target"/>) to pull into.
/// </summary>
internal sealed class PushedE5 : IAsyncDisposable
{
    public const string Reference = "models/e5:v1";

    private PushedE5(PipelineHub hub, TestRegistry registry)
    {
        Hub = hub;
        Registry = registry;
    }

    public PipelineHub Hub { get; }

    public TestRegistry Registry { get; }

    public TempHome Source { get; } = new();

    public TempHome Target { get; } = new();

    /// <summary>e5's largest LFS file: the blob a test tampers with or leaves half-downloaded.</summary>
    public string LargestLfsFile => Hub.E5.Paths.Where(Hub.E5.IsLfs).MaxBy(Hub.E5.SizeOf)!;

    /// <summary>Fails the test when the push fails; what was started is stopped either way.</summary>
    public static async Task<PushedE5> StartAsync()
    {
        var hub = await PipelineHub.StartAsync();
        TestRegistry registry;
        try
        {
            registry = await TestRegistry.StartAsync();
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }

        var scenario = new PushedE5(hub, registry);
        try
        {
            var push = await hub.DropInAsync(scenario.Source, "push", registry.Ref(Reference), hub.E5.Id, "--registry-insecure");
            await Assert.That(push.ExitCode).IsEqualTo(0).Because(push.ToString());
            return scenario;
        }
        catch
        {
            await scenario.DisposeAsync();
            throw;
        }
    }

    /// <summary>The published binary run in <see cref="Target"/>, its HF_HOME inside it.</summary>
    public BinaryRun InTarget() => Target.Run().Env("HF_HOME", Target.Sub("hf"));

    public async ValueTask DisposeAsync()
    {
        Target.Dispose();
        Source.Dispose();
        await Registry.DisposeAsync();
        await Hub.DisposeAsync();
    }
}
