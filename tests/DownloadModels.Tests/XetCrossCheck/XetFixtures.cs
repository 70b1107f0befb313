using DownloadModels.Tests.FakeHub.Xet;
using TUnit.Core.Interfaces;

namespace DownloadModels.Tests.XetCrossCheck;

/// <summary>
/// The Xet fixtures of <see cref="XetStandardFixtures"/>, made once per test session by <c>@huggingface/hub</c>'s own
/// code (tests/xet-oracle, see <see cref="FakeHub.Xet.XetOracle"/>) and cached in the temp folder across sessions.
/// Use it as <c>[ClassDataSource&lt;XetFixtures&gt;(Shared = SharedType.PerTestSession)]</c> on a test class that takes
/// it in its constructor. When node or the oracle's npm packages are missing, initialising it throws
/// <see cref="XetOracleUnavailableException"/> and every test that uses it fails with that message.
/// </summary>
public sealed class XetFixtures : IAsyncInitializer
{
    private XetFixtureSet? _set;

    public XetFixtureSet Set => _set ?? throw new InvalidOperationException("XetFixtures is used before TUnit initialised it.");

    public XetFixtureFile File(string id) => Set.File(id);

    public async Task InitializeAsync() => _set = await XetOracle.BuildAsync(XetStandardFixtures.Uploads());
}
