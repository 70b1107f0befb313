using System.Collections.Immutable;

namespace DownloadModels.Tests.FakeHub;

/// <summary>A repo's files at one commit; immutable so a request sees one consistent state.</summary>
internal sealed record RepoSnapshot(string Commit, ImmutableSortedDictionary<string, FakeFile> Files);
