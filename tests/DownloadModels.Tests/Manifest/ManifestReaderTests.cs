using DownloadModels.Manifest;
using DownloadModels.Presets;
using DownloadModels.Repos;

namespace DownloadModels.Tests.Manifest;

/// <summary>download-models.toml: what it accepts, and every error named with its line.</summary>
public sealed class ManifestReaderTests
{
    private const string File = "download-models.toml";

    [Test]
    public async Task Parse_IssueExample_GivesBothEntries()
    {
        var manifest = ManifestReader.Parse("""
            [[model]]
            repo = "Systran/faster-whisper-small"     # required, unless preset is given
            revision = "main"                          # branch, tag, refs/pr/N or commit; default main
            include = ["config.json", "model.bin", "tokenizer.json", "vocabulary.*"]   # default: all files
            exclude = []
            repo_type = "model"                        # model | dataset | space

            [[model]]
            preset = "stt"                             # the drop-in's presets: stt (with whisper = "small"), tts, embeddings
            whisper = "small"
            revision = "v1.0"
            """, File);

        await Assert.That(manifest.Entries.Count).IsEqualTo(2);
        var repo = manifest.Entries[0];
        await Assert.That(repo.Line).IsEqualTo(1);
        await Assert.That(repo.Input.Repo).IsEqualTo(new RepoId(RepoType.Model, "Systran/faster-whisper-small"));
        await Assert.That(repo.Input.Include).IsEquivalentTo(["config.json", "model.bin", "tokenizer.json", "vocabulary.*"]);
        await Assert.That(repo.Input.Preset).IsNull();
        var preset = manifest.Entries[1];
        await Assert.That(preset.Line).IsEqualTo(8);
        await Assert.That(preset.Input.Preset).IsEqualTo("stt");
        await Assert.That(preset.Input.Repo.Id).IsEqualTo("Systran/faster-whisper-small");
        await Assert.That(preset.Input.ToSpec()).IsEqualTo(PipelinePresets.Stt("Systran/faster-whisper-small") with { Revision = "v1.0" });
    }

    [Test]
    public async Task Parse_Defaults_MainAllFilesModel()
    {
        var entry = ManifestReader.Parse("[[model]]\nrepo = \"gpt2\"\n", File).Entries.Single().Input;

        await Assert.That(entry.Revision).IsEqualTo("main");
        await Assert.That(entry.Include).IsEmpty();
        await Assert.That(entry.Exclude).IsEmpty();
        await Assert.That(entry.Repo.Type).IsEqualTo(RepoType.Model);
    }

    [Test]
    public async Task Parse_PatternsInAnyOrder_SameInput()
    {
        var a = ManifestReader.Parse("[[model]]\nrepo = \"o/n\"\ninclude = [\"b\", \"a\", \"b\"]\n", File).Entries.Single().Input;
        var b = ManifestReader.Parse("[[model]]\nrepo = \"o/n\"\ninclude = [\"a\", \"b\"]\n", File).Entries.Single().Input;

        await Assert.That(a.SameAs(b)).IsTrue();
        await Assert.That(a.Include).IsEquivalentTo(["a", "b"]);
    }

    [Test]
    [Arguments("[[model]]\nrepo = \"o/n\"\nrevison = \"v2\"\n", 3, "unknown key 'revison' in [[model]]; the keys are repo, revision, include, exclude, repo_type, preset, whisper.")]
    [Arguments("name = \"x\"\n[[model]]\nrepo = \"o/n\"\n", 1, "unknown key 'name' at the top of the file.")]
    [Arguments("[[model]]\nrepo = \"o/n\"\nrepo_type = \"modle\"\n", 3, "repo_type 'modle' is not valid: use model, dataset or space.")]
    [Arguments("[[model]]\nrepo = \"o/n\"\nrevision = 3\n", 3, "revision must be a string (got an integer).")]
    [Arguments("[[model]]\nrepo = \"o/n\"\nrevision = \"../../x\"\n", 3, "has an empty, '.' or '..' path segment")]
    [Arguments("[[model]]\nrepo = \"o/n\"\ninclude = \"*.json\"\n", 3, "include must be an array of strings")]
    [Arguments("[[model]]\nrepo = \"o/n\"\nexclude = [\"a\", 1]\n", 3, "exclude must hold only strings (got an integer).")]
    [Arguments("[[model]]\nrepo = \"o/n\"\ninclude = [\"\"]\n", 3, "an include pattern is empty.")]
    [Arguments("[[model]]\nrepo = \"not a repo\"\n", 2, "'not a repo' is not a valid repository id")]
    [Arguments("[[model]]\nrevision = \"main\"\n", 1, "a [[model]] entry needs repo = \"org/name\"")]
    [Arguments("[[model]]\npreset = \"asr\"\n", 2, "preset 'asr' is not valid: use one of stt, tts, embeddings.")]
    [Arguments("[[model]]\npreset = \"tts\"\nwhisper = \"small\"\n", 3, "whisper is only used with preset = \"stt\".")]
    [Arguments("[[model]]\npreset = \"stt\"\nwhisper = \"huge\"\n", 3, "unknown Whisper model 'huge'")]
    [Arguments("[[model]]\npreset = \"stt\"\nrepo = \"o/n\"\n", 3, "repo cannot be used with preset")]
    [Arguments("[[model]]\nrepo = \"o/n\"\nwhisper = \"small\"\n", 3, "whisper is only used with preset = \"stt\".")]
    [Arguments("[model]\nrepo = \"o/n\"\n", 1, "write [[model]] with double brackets")]
    [Arguments("[[models]]\nrepo = \"o/n\"\n", 1, "unknown table 'models'")]
    [Arguments("[[model]]\nrepo.id = \"o/n\"\n", 2, "dotted keys (a.b = ...) are not used in [[model]]")]
    [Arguments("[[model]]\nrepo = \"o/n\"\n\n[[model]]\nrepo = \"o/n\"\n", 4, "o/n@main is already listed on line 1")]
    [Arguments("[[model]]\nrepo = \"o/n\"\nrepo = \"o/m\"\n", 3, "")]
    [Arguments("[[model]]\nrepo = \"o/n\n", 2, "")]
    [Arguments("# nothing\n", 0, "no [[model]] entry")]
    public async Task Parse_BadManifest_ErrorNamesTheLine(string text, int line, string message)
    {
        var error = Assert.Throws<TomlFileException>(() => ManifestReader.Parse(text, File));

        var expected = line > 0 ? $"{File}:{line}: " : $"{File}: ";
        await Assert.That(error.Errors.Any(e => e.StartsWith(expected, StringComparison.Ordinal) && e.Contains(message, StringComparison.Ordinal)))
            .IsTrue().Because(string.Join("\n", error.Errors));
    }

    [Test]
    public async Task Parse_SeveralMistakes_AllReportedAtOnce()
    {
        var error = Assert.Throws<TomlFileException>(() => ManifestReader.Parse(
            "[[model]]\nrepo = \"o/n\"\nrevison = \"x\"\n\n[[model]]\nrepo = \"o/m\"\nrepo_type = \"modle\"\n", File));

        await Assert.That(error.Errors.Count).IsEqualTo(2);
        await Assert.That(error.Message).Contains($"{File}:3: unknown key 'revison'");
        await Assert.That(error.Message).Contains($"{File}:7: repo_type 'modle'");
    }

    [Test]
    public async Task Template_Parses_AsTheDropInsThreeModels()
    {
        var manifest = ManifestReader.Parse(ManifestTemplate.Text, File);

        var specs = manifest.Entries.Select(e => e.Input.ToSpec()).ToArray();
        await Assert.That(specs).IsEquivalentTo(PipelinePresets.Select(null, "Systran/faster-whisper-" + WhisperCatalog.DefaultName));
    }
}
