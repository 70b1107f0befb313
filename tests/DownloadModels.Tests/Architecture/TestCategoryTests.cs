using System.Text.RegularExpressions;

namespace DownloadModels.Tests.Architecture;

/// <summary>
/// TestLocal (build.cake) runs every test not in <see cref="TestCategory.Host"/>: this test keeps that split honest.
/// A test class that uses what needs more than the .NET SDK — the helpers that run the native binary, python, node,
/// nginx, tmux, a registry, a namespace or a chroot, or groff and qemu by name — must carry the category.
/// </summary>
public sealed partial class TestCategoryTests
{
    /// <summary>The helpers (and tools) whose use makes a class need the machine; a new such helper joins this list.</summary>
    private static readonly string[] HostNeeds =
    [
        "NativeBinary", "BinaryRun", "TempHome", "NativePipe", "NamespacedRun", "NginxServer", "NginxServedFolder", "TmuxPane",
        "PythonRun", "PythonOracle", "PipelineHub", "CycloneDxValidator", "JsonSchemaValidator", "Skopeo", "TestRegistry", "XetFixtures", "XetOracle",
        "RootFileSystem", "groff", "qemu",
    ];

    [Test]
    public async Task TestClasses_UsingTheMachine_AreInTheHostCategory()
    {
        var root = Path.Combine(RepoRoot.Path, "tests", "DownloadModels.Tests");
        var unmarked = new List<string>();
        var marked = 0;
        // This file names every helper in its list and its sample: it is the one file not scanned.
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && Path.GetFileName(f) != "TestCategoryTests.cs");
        foreach (var file in files)
        {
            foreach (var (name, attributes, body) in TestClasses(File.ReadAllText(file)))
            {
                var needs = HostNeeds.Where(n => Regex.IsMatch(attributes + body, $@"\b{n}\b")).ToArray();
                if (attributes.Contains("[Category(TestCategory.Host)]", StringComparison.Ordinal))
                    marked++;
                else if (needs.Length > 0)
                    unmarked.Add($"{Path.GetRelativePath(root, file)}: {name} uses {string.Join(", ", needs)}; add [Category(TestCategory.Host)] (or move those tests to a class of their own)");
            }
        }

        await Assert.That(unmarked).IsEmpty();
        await Assert.That(marked).IsGreaterThan(20).Because("the scan must have found the end-to-end and oracle classes");
    }

    [Test]
    public async Task TestClasses_AttributesAndBodies_SplitPerClass()
    {
        const string source = """
            /// <summary>x</summary>
            [Category(TestCategory.Host)]
            [ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
            public sealed class A(XetFixtures f)
            {
                [Test]
                public void One() { } // TempHome in a comment
            }

            public sealed class B
            {
                [Test]
                public void Two() { }
            }
            """;

        var classes = TestClasses(source).ToArray();

        await Assert.That(classes.Select(c => c.Name)).IsEquivalentTo(["A", "B"]);
        await Assert.That(classes[0].Attributes).Contains("[Category(TestCategory.Host)]");
        await Assert.That(classes[1].Attributes + classes[1].Body).DoesNotContain("XetFixtures");
        await Assert.That(classes[0].Body).DoesNotContain("TempHome");
    }

    /// <summary>Each top-level class holding a [Test]: its name, the attribute lines right above it, and its text up to the next class (comments removed).</summary>
    private static IEnumerable<(string Name, string Attributes, string Body)> TestClasses(string source)
    {
        var code = Comment().Replace(source, "");
        var declarations = Declaration().Matches(code);
        for (var i = 0; i < declarations.Count; i++)
        {
            var match = declarations[i];
            var end = i + 1 < declarations.Count ? declarations[i + 1].Index : code.Length;
            var body = code[(match.Index + match.Length)..end];
            if (body.Contains("[Test]", StringComparison.Ordinal))
                yield return (match.Groups["name"].Value, match.Groups["attributes"].Value, body);
        }
    }

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^(?<attributes>(?:[ \t]*\[[^\n]*\]\r?\n)*)public [^\n]*\bclass (?<name>\w+)[^\n]*", RegexOptions.Multiline)]
    private static partial Regex Declaration();
}
