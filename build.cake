// Build script for download-models (Cake 7, run with `dotnet tool restore && dotnet cake`).
//
//   dotnet cake                          # Publish (default target)
//   dotnet cake --target=Test            # Publish, then run every test project in the solution
//   dotnet cake --target=Clean
//   dotnet cake --target=Bench           # Publish, then benchmark it against curl and aria2c (bench/README.md)
//   dotnet cake --rid=linux-arm64        # publish for another runtime identifier
//
// Arguments:
//   --target         Clean | Build | Publish | Test | Bench  (default: Publish)
//   --configuration  configuration for Build and Test        (default: Release)
//   --rid            runtime identifier for Publish          (default: linux-x64)
//   --bench-args     options passed to the benchmark, e.g. --bench-args="--quick" or
//                    --bench-args='--throttle-mbps 50 --scenarios large --dm-args "--connections 8"'
//
// Publish always uses Release: the product is a Native AOT binary and only a Release publish is meaningful.

var target        = Argument("target", "Publish");
var configuration = Argument("configuration", "Release");
var rid           = Argument("rid", "linux-x64");
var benchArgs     = Argument("bench-args", "");

var solution      = File("./DownloadModels.slnx");
var productProj   = File("./src/DownloadModels/DownloadModels.csproj");
var artifactsRoot = Directory("./artifacts");
var publishDir    = artifactsRoot + Directory(rid);
var binaryName    = rid.StartsWith("win", StringComparison.OrdinalIgnoreCase) ? "download-models.exe" : "download-models";
var binaryPath    = MakeAbsolute(publishDir + File(binaryName));

Task("Clean")
    .Description("Delete bin/, obj/, artifacts/ and TestResults/ directories.")
    .Does(() =>
{
    var dirs = GetDirectories("./src/**/bin")
             + GetDirectories("./src/**/obj")
             + GetDirectories("./tests/**/bin")
             + GetDirectories("./tests/**/obj")
             + GetDirectories("./**/TestResults", new GlobberSettings { Predicate = d => !d.Path.FullPath.Contains("/.git/") });
    dirs.Add(MakeAbsolute(artifactsRoot));
    foreach (var dir in dirs)
    {
        if (DirectoryExists(dir))
        {
            DeleteDirectory(dir, new DeleteDirectorySettings { Recursive = true, Force = true });
        }
    }
});

Task("Build")
    .Description("dotnet build the solution.")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoLogo = true,
        Verbosity = DotNetVerbosity.Minimal,
    });
});

Task("Publish")
    .Description("Native AOT publish of the CLI to artifacts/<rid>/download-models.")
    .Does(() =>
{
    CleanDirectory(publishDir);
    DotNetPublish(productProj, new DotNetPublishSettings
    {
        Configuration = "Release",
        Runtime = rid,
        OutputDirectory = publishDir,
        NoLogo = true,
        Verbosity = DotNetVerbosity.Minimal,
    });

    // StripSymbols=true puts the debug info in a separate file next to the binary
    // (download-models.dbg on Linux, .dSYM on macOS, .pdb on Windows). Keep only the binary.
    foreach (var f in GetFiles(publishDir.Path.FullPath + "/*"))
    {
        if (f.GetFilename().FullPath != binaryName)
        {
            DeleteFile(f);
        }
    }
    foreach (var d in GetDirectories(publishDir.Path.FullPath + "/*"))
    {
        DeleteDirectory(d, new DeleteDirectorySettings { Recursive = true, Force = true });
    }

    if (!FileExists(binaryPath))
    {
        throw new Exception($"Publish did not produce {binaryPath}");
    }
    Information($"Published {binaryPath}");
});

Task("Test")
    .Description("Run the tests (Microsoft.Testing.Platform) against the published binary.")
    .IsDependentOn("Publish")
    .Does(() =>
{
    // Under Microsoft.Testing.Platform (selected in global.json) `dotnet test` needs --solution/--project
    // rather than a positional path; PathType.Solution makes Cake emit `--solution <file>`.
    // A non-zero exit code (failed tests, build error) makes DotNetTest throw, failing the build.
    DotNetTest(solution, new DotNetTestSettings
    {
        PathType = DotNetTestPathType.Solution,
        Configuration = configuration,
        // No NoLogo here: under MTP `--nologo` is passed through to the test app, which rejects it.
        EnvironmentVariables = new Dictionary<string, string>
        {
            ["DOWNLOAD_MODELS_BIN"] = binaryPath.FullPath,
        },
    });
});

Task("Bench")
    .Description("Publish, then time the binary against curl and aria2c on generated files served by the fake hub.")
    .IsDependentOn("Publish")
    .Does(() =>
{
    // Not a test: a console program that prints Markdown tables and where each target of issue 5 stands.
    // Missing competitors are skipped with a note; Debian: apt-get install -y curl aria2 time.
    var arguments = new ProcessArgumentBuilder().Append("--binary").AppendQuoted(binaryPath.FullPath);
    if (!string.IsNullOrWhiteSpace(benchArgs))
    {
        arguments.Append(benchArgs);
    }

    DotNetRun(File("./bench/DownloadModels.Bench/DownloadModels.Bench.csproj").Path.FullPath, arguments, new DotNetRunSettings
    {
        Configuration = "Release",
    });
});

RunTarget(target);
