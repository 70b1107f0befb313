using System.Text.RegularExpressions;

namespace DownloadModels.Tests.Architecture;

/// <summary>
/// The folders of src/DownloadModels are the architecture (docs/code-layout.md, "Layout of the code"): each may use
/// only the folders listed for it here, and the list has no loop. A new `using` across folders that is not
/// allowed fails this test; change the table (and docs/code-layout.md) only when the design changes.
/// </summary>
public sealed partial class FolderDependencyTests
{
    /// <summary>Who may use whom, lowest layer first.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Repos"] = [],
        ["Contract"] = [],
        ["Units"] = [],
        ["Errors"] = [],
        ["Filtering"] = [],
        ["Tls"] = [],
        ["Presets"] = ["Filtering", "Repos"],
        ["Hub"] = ["Errors", "Repos", "Tls", "Units"],
        ["Cache"] = ["Errors", "Repos"],
        ["Xet"] = ["Errors", "Hub", "Repos", "Units"],
        ["Transfer"] = ["Cache", "Hub", "Repos", "Units", "Xet"],
        ["LocalDir"] = ["Cache", "Errors", "Repos"],
        ["Settings"] = ["Contract", "Repos"],
        ["Engine"] = ["Cache", "Contract", "Errors", "Hub", "Presets", "Repos", "Transfer", "Units"],
        ["Inspection"] = ["Cache", "Engine", "Errors", "Hub", "Repos", "Transfer", "Units", "Xet"],
        ["Removal"] = ["Cache", "Errors", "Repos", "Xet"],
        ["Bundle"] = ["Cache", "Contract", "Engine", "Errors", "Inspection", "Repos", "Transfer", "Units"],
        ["Mirror"] = ["Cache", "Engine", "Repos", "Units"],
        ["Oci"] = ["Bundle", "Cache", "Errors", "Hub", "Repos", "Transfer", "Units"],
        ["Manifest"] = ["Presets", "Repos"],
        ["Lockfile"] = ["Cache", "Engine", "Errors", "Manifest", "Presets", "Repos"],
        ["Sbom"] = ["Lockfile", "Repos"],
        ["Doctor"] = ["Cache", "Engine", "Errors", "Hub", "Inspection", "Repos", "Tls", "Units", "Xet"],
        ["Output"] = ["Bundle", "Doctor", "Engine", "Hub", "Inspection", "Lockfile", "Mirror", "Removal", "Repos", "Transfer", "Units"],
        ["Commands"] = ["Bundle", "Cache", "Contract", "Doctor", "Engine", "Errors", "Filtering", "Hub", "Inspection", "LocalDir", "Lockfile", "Manifest", "Mirror", "Oci", "Output", "Presets", "Removal", "Repos", "Sbom", "Settings", "Tls", "Transfer", "Units"],
    };

    [Test]
    public async Task AllowedTable_Any_HasNoLoop()
    {
        var order = new List<string>();
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        void Visit(string folder, List<string> path)
        {
            if (order.Contains(folder))
                return;
            if (!visiting.Add(folder))
                throw new InvalidOperationException("loop: " + string.Join(" -> ", path.Append(folder)));
            foreach (var used in Allowed[folder])
                Visit(used, [.. path, folder]);
            visiting.Remove(folder);
            order.Add(folder);
        }

        foreach (var folder in Allowed.Keys)
            Visit(folder, []);

        await Assert.That(order.Count).IsEqualTo(Allowed.Count);
    }

    [Test]
    public async Task SourceFolders_EveryReference_IsAllowed()
    {
        var src = Path.Combine(RepoRoot.Path, "src", "DownloadModels");
        var violations = new List<string>();
        var folders = Directory.GetDirectories(src).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToArray();
        var types = folders.ToDictionary(f => f!, f => DeclaredTypes(Path.Combine(src, f!)), StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            if (!Allowed.TryGetValue(folder!, out var allowed))
            {
                violations.Add($"{folder}/ is not in the architecture table: add it, with what it may use");
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(Path.Combine(src, folder!), "*.cs", SearchOption.AllDirectories))
            {
                foreach (var used in UsedFolders(File.ReadAllText(file), types).Where(u => u != folder && !allowed.Contains(u)))
                    violations.Add($"{Path.GetRelativePath(src, file)} uses {used}/, which {folder}/ may not use");
            }
        }

        await Assert.That(violations).IsEmpty();
        await Assert.That(folders.Length).IsGreaterThan(10).Because("the scan must have found the source folders");
    }

    [Test]
    public async Task UsedFolders_UsingAndQualifiedName_BothFound()
    {
        var used = UsedFolders("using DownloadModels.Hub;\nvar x = DownloadModels.Cache.AtomicFile.X;\n// DownloadModels.Output is a comment\n");

        await Assert.That(used).IsEquivalentTo(["Hub", "Cache"]);
    }

    [Test]
    public async Task UsedFolders_SiblingNamespaceQualifiedType_Found()
    {
        var types = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal)
        {
            ["Cache"] = ["BlobLock"],
            ["Output"] = ["LiveBlock"],
        };

        // Inside namespace DownloadModels.Bundle, `Cache.BlobLock` names DownloadModels.Cache.BlobLock without a using;
        // `options.Output.AddTo` is a member, not the folder.
        var used = UsedFolders("using var held = Cache.BlobLock.TryAcquire(p);\noptions.Output.AddTo(c);\nvar x = Output.Write;\n", types);

        await Assert.That(used).IsEquivalentTo(["Cache"]);
    }

    /// <summary>
    /// Folders a file refers to outside comments: `using DownloadModels.X;`, qualified `DownloadModels.X.Type`, and
    /// `X.Type` through the sibling namespace (a type that folder X declares, not after a '.').
    /// </summary>
    private static IEnumerable<string> UsedFolders(string source, IReadOnlyDictionary<string, HashSet<string>>? types = null)
    {
        var code = Comment().Replace(source, "");
        var qualified = Reference().Matches(code).Select(m => m.Groups["folder"].Value);
        var sibling = SiblingReference().Matches(code)
            .Where(m => types is not null && types.TryGetValue(m.Groups["folder"].Value, out var declared) && declared.Contains(m.Groups["type"].Value))
            .Select(m => m.Groups["folder"].Value);
        return qualified.Concat(sibling).Where(f => f != "Tests").Distinct(StringComparer.Ordinal);
    }

    /// <summary>The names of the types declared in a source folder.</summary>
    private static HashSet<string> DeclaredTypes(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => Declaration().Matches(File.ReadAllText(file)).Select(m => m.Groups["type"].Value))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"\bDownloadModels\.(?<folder>[A-Z][A-Za-z]+)\b")]
    private static partial Regex Reference();

    [GeneratedRegex(@"(?<![\w.])(?<folder>[A-Z][A-Za-z]+)\.(?<type>[A-Z]\w*)\b")]
    private static partial Regex SiblingReference();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(?<type>[A-Z]\w*)")]
    private static partial Regex Declaration();
}
