using DownloadModels.Lockfile;
using DownloadModels.Manifest;
using DownloadModels.Repos;

namespace DownloadModels.Tests.Lockfile;

/// <summary>download-models.lock on its own: the exact text, determinism, round trips, and what the reader refuses.</summary>
public sealed class LockFormatTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private static readonly string Sha1 = new('a', 40);
    private static readonly string Sha256 = new('b', 64);
    private static readonly string Xet = new('c', 64);

    private static LockedModel Model(string repo, params RepoFile[] files) =>
        new(ModelInput.ForRepo(new RepoId(RepoType.Model, repo), "main", ["*.json", "*.bin"], []), Commit, files, []);

    [Test]
    public async Task Format_OneModel_ExactText()
    {
        var text = LockWriter.Format(new LockedSet([Model("org/name",
            new RepoFile("model.bin", 1234, Sha1, Sha256, Xet),
            new RepoFile("config.json", 12, Sha1, null))]), "download-models.toml");

        await Assert.That(text).IsEqualTo($$"""
            # This file is written by `download-models lock` from download-models.toml: do not edit it by hand.
            # `download-models sync` installs exactly these commits and checks every file against these hashes.
            version = 1

            [[model]]
            repo = "org/name"
            repo_type = "model"
            revision = "main"
            include = ["*.bin", "*.json"]
            exclude = []
            commit = "{{Commit}}"
            file_count = 2
            files = [
                { path = "config.json", size = 12, etag = "{{Sha1}}", git_sha1 = "{{Sha1}}" },
                { path = "model.bin", size = 1234, etag = "{{Sha256}}", git_sha1 = "{{Sha1}}", sha256 = "{{Sha256}}", xet_hash = "{{Xet}}" },
            ]

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Test]
    public async Task Format_ModelsAndFilesInAnyOrder_SameBytes()
    {
        var a = Model("org/a", new RepoFile("x", 1, Sha1, null), new RepoFile("y", 2, Sha1, null));
        var b = Model("org/b", new RepoFile("z", 3, Sha1, null));
        var reversedA = a with { Files = [.. a.Files.Reverse()] };

        await Assert.That(LockWriter.Format(new LockedSet([b, reversedA]), "m.toml")).IsEqualTo(LockWriter.Format(new LockedSet([a, b]), "m.toml"));
    }

    [Test]
    public async Task Parse_WhatFormatWrote_GivesItBack()
    {
        string[] paths = ["plain.json", "with space/and \"quotes\".txt", "ünïcødé/文件.bin", "hash#sign = not a comment", "back`tick's [brackets] {braces}"];
        var lockFile = new LockedSet([
            Model("org/a", [.. paths.Select((p, i) => new RepoFile(p, i, Sha1, i % 2 == 0 ? Sha256 : null))]),
            new LockedModel(ModelInput.ForPreset("embeddings", null, "main")!, Commit, [new RepoFile("config.json", 5, Sha1, null)], ["added_tokens.json"]),
            new LockedModel(ModelInput.ForPreset("stt", "small", Commit)!, Commit, [new RepoFile("model.bin", 5, Sha1, Sha256)], []),
            new LockedModel(ModelInput.ForRepo(new RepoId(RepoType.Dataset, "org/data"), "refs/pr/1", [], ["*.csv"]), Commit, [], []),
        ]);

        var text = LockWriter.Format(lockFile, "download-models.toml");
        var read = LockReader.Parse(text, "download-models.lock");

        await Assert.That(LockWriter.Format(read, "download-models.toml")).IsEqualTo(text);
        await Assert.That(read.Models.Count).IsEqualTo(4);
        var files = read.Models.Single(m => m.Input.Repo.Id == "org/a").Files.Select(f => f.Path).ToArray();
        await Assert.That(files).IsEquivalentTo(paths);
        var embeddings = read.Models.Single(m => m.Input.Preset == "embeddings");
        await Assert.That(embeddings.Absent).IsEquivalentTo(["added_tokens.json"]);
        await Assert.That(read.Models.Single(m => m.Input.Preset == "stt").Input.Whisper).IsEqualTo("small");
    }

    [Test]
    [Arguments("commit = \"", "commit = \"x", "is not a 40-hex commit id")]
    [Arguments("etag = \"" + "bbbb", "etag = \"" + "dddd", "is not the file's sha256: the lock was edited by hand")]
    [Arguments("git_sha1 = \"aaaa", "git_sha1 = \"AAAA", "is not 40 lowercase hex digits")]
    [Arguments("version = 1", "version = 2", "lock format version 2 is not known")]
    [Arguments("revision = \"main\"", "revision = \"main\"\nbranch = \"dev\"", "unknown key 'branch' in [[model]]")]
    [Arguments("size = 1234", "size = -1", "size is negative.")]
    [Arguments("path = \"model.bin\"", "path = \"../model.bin\"", "unsafe path")]
    [Arguments("path = \"model.bin\"", "path = \"config.json\"", "'config.json' is listed twice.")]
    [Arguments("repo = \"org/name\"", "repo = \"org/other\"\npreset = \"tts\"", "include is not used with a preset.")]
    public async Task Parse_EditedLock_Refused(string find, string replace, string message)
    {
        var text = LockWriter.Format(new LockedSet([Model("org/name",
            new RepoFile("model.bin", 1234, Sha1, Sha256, Xet),
            new RepoFile("config.json", 12, Sha1, null))]), "download-models.toml");
        var edited = ReplaceFirst(text, find, replace);

        var error = Assert.Throws<TomlFileException>(() => LockReader.Parse(edited, "download-models.lock"));

        await Assert.That(error.Message).Contains(message);
        await Assert.That(error.Errors.All(e => e.StartsWith("download-models.lock:", StringComparison.Ordinal))).IsTrue();
    }

    [Test]
    public async Task Parse_PresetWithAnotherRepo_RefusedAsEdited()
    {
        var text = LockWriter.Format(new LockedSet([new LockedModel(ModelInput.ForPreset("tts", null, "main")!, Commit, [], [])]), "m.toml");

        var error = Assert.Throws<TomlFileException>(() => LockReader.Parse(text.Replace("hexgrad/Kokoro-82M", "evil/Kokoro-82M", StringComparison.Ordinal), "m.lock"));

        await Assert.That(error.Message).Contains("m.lock:7: repo evil/Kokoro-82M is not the repo of preset 'tts'");
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return at < 0 ? throw new ArgumentException($"'{find}' not in the lock") : text[..at] + replace + text[(at + find.Length)..];
    }
}
