using DownloadModels.Repos;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Repro;

/// <summary>`lock`: deterministic, never moves a commit unless asked, and says so when it does.</summary>
public sealed class LockCommandTests
{
    [Test]
    public async Task Lock_NewManifest_PinsTheCommitAndEveryFileHash()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);

        var result = await project.RunAsync("lock");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var model = project.ReadLock().Models.Single();
        await Assert.That(model.Commit).IsEqualTo(repo.Commit);
        await Assert.That(model.Files.Select(f => f.Path)).IsEquivalentTo(["config.json", "model.bin"]);
        var weights = model.Files.Single(f => f.Path == "model.bin");
        await Assert.That(weights.LfsSha256).IsEqualTo(repo.Sha256Of("model.bin"));
        await Assert.That(weights.XetHash).IsEqualTo(repo.XetHashOf("model.bin"));
        await Assert.That(weights.Size).IsEqualTo(50_000);
        await Assert.That(model.Files.Single(f => f.Path == "config.json").GitOid).IsEqualTo(repo.GitSha1Of("config.json"));
        await Assert.That(result.StdOut).Contains($"org/model@main  {RevisionName.ShortCommit(repo.Commit)}  added (2 files");
        await Assert.That(project.LockText).Contains($"{{ path = \"model.bin\", size = 50000, etag = \"{repo.Sha256Of("model.bin")}\", git_sha1 = \"{repo.OidOf("model.bin")}\", sha256 = \"{repo.Sha256Of("model.bin")}\", xet_hash = \"{repo.XetHashOf("model.bin")}\" }},\n");
    }

    [Test]
    public async Task Lock_Twice_SameBytesWithoutAskingTheHub()
    {
        await using var hub = await HubServer.StartAsync();
        ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");
        var first = File.ReadAllBytes(project.LockPath);
        var modified = File.GetLastWriteTimeUtc(project.LockPath);
        hub.ClearRequests();

        var again = await project.RunAsync("lock");

        await Assert.That(again.ExitCode).IsEqualTo(0).Because(again.ToString());
        await Assert.That(File.ReadAllBytes(project.LockPath)).IsEquivalentTo(first);
        await Assert.That(File.GetLastWriteTimeUtc(project.LockPath)).IsEqualTo(modified);
        await Assert.That(hub.Requests).IsEmpty();
        await Assert.That(again.StdOut).Contains("download-models.lock is up to date: 1 model(s), 2 files");
    }

    [Test]
    public async Task Lock_BranchMoved_KeepsTheLockedCommit()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");
        var before = project.LockText;
        ReproRepos.Push(repo, "v2");

        var again = await project.RunAsync("lock");

        await Assert.That(again.ExitCode).IsEqualTo(0).Because(again.ToString());
        await Assert.That(project.LockText).IsEqualTo(before);
    }

    [Test]
    public async Task LockUpgrade_BranchMoved_MovesAndShowsBothCommits()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");
        var old = repo.Commit;
        var pushed = ReproRepos.Push(repo, "v2");

        var upgrade = await project.RunAsync("lock", "--upgrade");

        await Assert.That(upgrade.ExitCode).IsEqualTo(0).Because(upgrade.ToString());
        var model = project.ReadLock().Models.Single();
        await Assert.That(model.Commit).IsEqualTo(pushed);
        await Assert.That(model.Files.Single(f => f.Path == "model.bin").LfsSha256).IsEqualTo(repo.Sha256Of("model.bin"));
        await Assert.That(upgrade.StdOut).Contains($"{RevisionName.ShortCommit(old)} -> {RevisionName.ShortCommit(pushed)}  upgraded (2 file(s) changed)");
    }

    [Test]
    public async Task LockUpgrade_RepoNamed_OnlyThatRepoMoves()
    {
        await using var hub = await HubServer.StartAsync();
        var a = ReproRepos.Add(hub, "org/a");
        var b = ReproRepos.Add(hub, "org/b");
        using var project = new ReproProject(hub.ApiUrl).Manifest("[[model]]\nrepo = \"org/a\"\n\n[[model]]\nrepo = \"org/b\"\n");
        await project.MustRunAsync("lock");
        var oldB = b.Commit;
        var newA = ReproRepos.Push(a, "v2");
        ReproRepos.Push(b, "v2");

        var upgrade = await project.RunAsync("lock", "--upgrade", "org/a");

        await Assert.That(upgrade.ExitCode).IsEqualTo(0).Because(upgrade.ToString());
        var models = project.ReadLock().Models;
        await Assert.That(models.Single(m => m.Input.Repo.Id == "org/a").Commit).IsEqualTo(newA);
        await Assert.That(models.Single(m => m.Input.Repo.Id == "org/b").Commit).IsEqualTo(oldB);
    }

    [Test]
    public async Task LockUpgrade_UnknownRepo_ExitsTwoNamingTheEntries()
    {
        await using var hub = await HubServer.StartAsync();
        ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);

        var result = await project.RunAsync("lock", "--upgrade", "org/other");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("--upgrade org/other: no entry of download-models.toml has that repo or preset (it has org/model)");
        await Assert.That(File.Exists(project.LockPath)).IsFalse();
    }

    [Test]
    public async Task Lock_BranchMovesBetweenRevisionAndListing_PinsTheCommitTheRevisionNamed()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        var first = repo.Commit;
        var firstConfig = repo.GitSha1Of("config.json");
        repo.AfterNextRevisionAnswer(r => ReproRepos.Push(r, "moved"));
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);

        var result = await project.RunAsync("lock");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(repo.Commit).IsNotEqualTo(first).Because("the push must have happened during the run");
        var model = project.ReadLock().Models.Single();
        await Assert.That(model.Commit).IsEqualTo(first);
        await Assert.That(model.Files.Single(f => f.Path == "config.json").GitOid).IsEqualTo(firstConfig);
        await Assert.That(hub.Requests.Any(r => r.PathAndQuery.Contains($"/tree/{first}", StringComparison.Ordinal))).IsTrue();
    }

    [Test]
    public async Task Lock_PatternsChanged_SelectsAgainAtTheLockedCommit()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        var first = repo.Commit;
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");
        ReproRepos.Push(repo, "v2");
        project.Manifest("[[model]]\nrepo = \"org/model\"\ninclude = [\"*.json\", \"*.bin\", \"*.md\"]\n");

        var result = await project.RunAsync("lock");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var model = project.ReadLock().Models.Single();
        await Assert.That(model.Commit).IsEqualTo(first);
        await Assert.That(model.Files.Select(f => f.Path)).IsEquivalentTo(["README.md", "config.json", "model.bin"]);
        await Assert.That(result.StdOut).Contains("files selected again at the locked commit (1 file(s) changed)");
    }

    [Test]
    public async Task Lock_EntriesInAnyOrder_SortedByRepo()
    {
        await using var hub = await HubServer.StartAsync();
        ReproRepos.Add(hub, "org/a");
        ReproRepos.Add(hub, "org/b");
        hub.AddRepo("org/data", "dataset").AddFile("train.csv", "a,b\n");
        using var forward = new ReproProject(hub.ApiUrl).Manifest("[[model]]\nrepo = \"org/a\"\n[[model]]\nrepo = \"org/b\"\n[[model]]\nrepo = \"org/data\"\nrepo_type = \"dataset\"\n");
        using var backward = new ReproProject(hub.ApiUrl).Manifest("[[model]]\nrepo_type = \"dataset\"\nrepo = \"org/data\"\n[[model]]\nrepo = \"org/b\"\n[[model]]\nrepo = \"org/a\"\n");

        await forward.MustRunAsync("lock");
        await backward.MustRunAsync("lock");

        await Assert.That(backward.LockText).IsEqualTo(forward.LockText);
        var repos = forward.ReadLock().Models.Select(m => m.Input.Repo.Id).ToArray();
        await Assert.That(repos).IsEquivalentTo(["org/a", "org/b", "org/data"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task Lock_OneRepoMissing_ExitsOneAndWritesNoLock()
    {
        await using var hub = await HubServer.StartAsync();
        ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest + "\n[[model]]\nrepo = \"org/missing\"\n");

        var result = await project.RunAsync("lock");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("[org/missing] error:");
        await Assert.That(result.StdErr).Contains("No lock was written: 1 of 2 model(s) could not be resolved.");
        await Assert.That(File.Exists(project.LockPath)).IsFalse();
    }

    [Test]
    public async Task Lock_EmbeddingsPreset_RecordsTheOptionalFilesTheCommitLacks()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddE5(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest("[[model]]\npreset = \"embeddings\"\n");

        await project.MustRunAsync("lock");

        var model = project.ReadLock().Models.Single();
        await Assert.That(model.Absent).IsEquivalentTo(["added_tokens.json", "config_sentence_transformers.json"]);
        await Assert.That(model.Files.Select(f => f.Path)).IsEquivalentTo(PipelineRepos.E5Wanted);
        await Assert.That(project.LockText).Contains("preset = \"embeddings\"\nrepo = \"intfloat/multilingual-e5-small\"");
    }

    [Test]
    public async Task Lock_BadManifest_ExitsTwoWithTheLine()
    {
        using var project = new ReproProject("http://127.0.0.1:9").Manifest("[[model]]\nrepo = \"org/model\"\nrevison = \"v1\"\n");

        var result = await project.RunAsync("lock");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("download-models.toml:3: unknown key 'revison' in [[model]]");
    }

    [Test]
    public async Task Lock_NoManifest_ExitsTwoSuggestingInit()
    {
        using var project = new ReproProject("http://127.0.0.1:9");

        var result = await project.RunAsync("lock");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("run 'download-models init'");
    }

    [Test]
    public async Task Lock_ManifestElsewhere_LockBesideIt()
    {
        await using var hub = await HubServer.StartAsync();
        ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl);
        var folder = Directory.CreateDirectory(Path.Combine(project.Cli.Root, "deploy")).FullName;
        File.WriteAllText(Path.Combine(folder, "models.toml"), ReproRepos.Manifest);

        var result = await project.RunAsync("lock", "--manifest", Path.Combine(folder, "models.toml"));

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(File.ReadAllText(Path.Combine(folder, "models.lock"))).Contains("from models.toml");
    }
}
