// Build script for download-models (Cake 7, run with `dotnet tool restore && dotnet cake`).
//
//   dotnet cake                          # Publish (default target)
//   dotnet cake --target=Test            # Publish, then run every test project in the solution
//   dotnet cake --target=TestLocal       # unit + fake-hub tests only: no root, nginx, qemu, oracle or native binary
//   dotnet cake --target=Clean
//   dotnet cake --target=Bench           # Publish, then benchmark it against curl and aria2c (bench/README.md)
//   dotnet cake --target=Release         # artifacts/release: a .tar.gz per runtime this machine can build + SHA256SUMS
//   dotnet cake --rid=linux-arm64        # publish for another runtime identifier
//
// Arguments:
//   --target         Clean | Build | Publish | Test | TestLocal | Bench | Release  (default: Publish)
//   --configuration  configuration for Build and Test        (default: Release)
//   --rid            runtime identifier for Publish          (default: linux-x64)
//   --bench-args     options passed to the benchmark, e.g. --bench-args="--quick" or
//                    --bench-args='--throttle-mbps 50 --scenarios large --dm-args "--connections 8"'
//
// Publish always uses Release: the product is a Native AOT binary and only a Release publish is meaningful.
//
// linux-arm64 on an x64 Linux machine is a cross-publish with Debian's toolchain (the project file sets the
// compiler; see .ci/run for the packages): gcc-aarch64-linux-gnu, libssl-dev:arm64. Test also publishes it
// there, for the arm64 tests that run it under qemu-aarch64.

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
var releaseDir    = artifactsRoot + Directory("release");
var hostArch      = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture;

// The arm64 cross toolchain, when this is an x64 Linux machine that has it (null: not this machine).
string Arm64CrossMissing()
{
    if (!IsRunningOnLinux() || hostArch != System.Runtime.InteropServices.Architecture.X64)
        return "not an x64 Linux machine";
    var missing = new List<string>();
    if (!System.IO.File.Exists("/usr/bin/aarch64-linux-gnu-gcc")) missing.Add("gcc-aarch64-linux-gnu");
    if (!System.IO.File.Exists("/usr/lib/aarch64-linux-gnu/libssl.a")) missing.Add("libssl-dev:arm64");
    return missing.Count == 0 ? null : "missing Debian packages: " + string.Join(", ", missing) + " (dpkg --add-architecture arm64 first)";
}

// OpenSSL's static library for linux-x64, where Debian, RHEL and Alpine put it (null: not installed).
string StaticOpenSslLibrary() =>
    new[] { "/usr/lib/x86_64-linux-gnu/libssl.a", "/usr/lib64/libssl.a", "/usr/lib/libssl.a" }.FirstOrDefault(System.IO.File.Exists);

// Native AOT publish of one runtime into artifacts/<rid>/, keeping only the binary. With allowDynamicOpenSsl,
// a machine without libssl-dev still gets a working binary (it then loads the system's libssl at run time)
// instead of a failed build; releases never take that way out.
FilePath PublishRid(string targetRid, bool allowDynamicOpenSsl = false)
{
    if (targetRid == "linux-arm64" && IsRunningOnLinux() && hostArch == System.Runtime.InteropServices.Architecture.X64 && Arm64CrossMissing() is { } why)
        throw new Exception($"Cannot cross-publish linux-arm64: {why}.");

    var dir = artifactsRoot + Directory(targetRid);
    var name = targetRid.StartsWith("win", StringComparison.OrdinalIgnoreCase) ? "download-models.exe" : "download-models";
    var settings = new DotNetPublishSettings
    {
        Configuration = "Release",
        Runtime = targetRid,
        OutputDirectory = dir,
        NoLogo = true,
        Verbosity = DotNetVerbosity.Minimal,
    };
    if (allowDynamicOpenSsl && targetRid == "linux-x64" && IsRunningOnLinux() && StaticOpenSslLibrary() is null)
    {
        Warning("libssl.a not found (Debian: apt-get install libssl-dev): this binary loads the system's libssl at run time, " +
                "so it will not run in images without one. Install libssl-dev for the self-contained build.");
        settings.MSBuildSettings = new DotNetMSBuildSettings().WithProperty("StaticOpenSslLinking", "false");
    }

    CleanDirectory(dir);
    DotNetPublish(productProj, settings);

    // StripSymbols=true puts the debug info in a separate file next to the binary
    // (download-models.dbg on Linux, .dSYM on macOS, .pdb on Windows). Keep only the binary.
    foreach (var f in GetFiles(dir.Path.FullPath + "/*"))
    {
        if (f.GetFilename().FullPath != name)
        {
            DeleteFile(f);
        }
    }
    foreach (var d in GetDirectories(dir.Path.FullPath + "/*"))
    {
        DeleteDirectory(d, new DeleteDirectorySettings { Recursive = true, Force = true });
    }

    var binary = MakeAbsolute(dir + File(name));
    if (!FileExists(binary))
    {
        throw new Exception($"Publish did not produce {binary}");
    }
    Information($"Published {binary}");
    return binary;
}

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
    PublishRid(rid, allowDynamicOpenSsl: true);
});

// TestLocal: what runs on any laptop without root or the packages .ci/run installs — every test except those in
// the "host" category: a test class that runs the native binary, python (the huggingface_hub oracle), Node.js, nginx,
// tmux, groff, qemu, a registry, a namespace or a chroot carries [Category(TestCategory.Host)]
// (tests/DownloadModels.Tests/TestCategory.cs), and Architecture/TestCategoryTests fails on one that does not, so
// this selection needs no list here.
var localFilter = "/*/*/*/*[Category!=host]";

Task("TestLocal")
    .Description("Run the unit and fake-hub tests: no root, nginx, qemu, python oracle or Node.js needed.")
    .IsDependentOn("Build")
    .Does(() =>
{
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"run --project tests/DownloadModels.Tests -c {configuration} --no-build -- --treenode-filter \"{localFilter}\"",
    });
    if (exit != 0)
        throw new Exception($"tests failed (exit {exit}) for {localFilter}");
});

Task("Test")
    .Description("Run the tests (Microsoft.Testing.Platform) against the published binary.")
    .IsDependentOn("Publish")
    .Does(() =>
{
    // Under Microsoft.Testing.Platform (selected in global.json) `dotnet test` needs --solution/--project
    // rather than a positional path; PathType.Solution makes Cake emit `--solution <file>`.
    // A non-zero exit code (failed tests, build error) makes DotNetTest throw, failing the build.
    var environment = new Dictionary<string, string>
    {
        ["DOWNLOAD_MODELS_BIN"] = binaryPath.FullPath,
    };

    // The arm64 end-to-end subset (tests/DownloadModels.Tests/Release/Arm64Tests.cs) runs this binary under
    // qemu-aarch64. Without the cross toolchain those tests fail and say what to install; the rest still run.
    var arm64Missing = rid == "linux-x64" ? Arm64CrossMissing() : $"--rid is {rid}";
    if (arm64Missing is null)
    {
        environment["DOWNLOAD_MODELS_ARM64_BIN"] = PublishRid("linux-arm64").FullPath;
    }
    else
    {
        Warning($"linux-arm64 not published for the arm64 tests: {arm64Missing}");
    }

    // The SBOM tests run the CycloneDX library's validator (tests/sbom-validator), the JSON contract tests Ajv
    // (tests/json-schema-validator) and the Xet tests the JS Hub library (tests/xet-oracle); .ci/run installs them, and
    // so does this step on a machine that has npm but not yet them. Without them those tests fail and say why.
    foreach (var package in new[] { "./tests/sbom-validator", "./tests/json-schema-validator", "./tests/xet-oracle" })
    {
        var folder = MakeAbsolute(Directory(package));
        if (DirectoryExists(folder.Combine("node_modules")))
            continue;
        try
        {
            var npm = StartProcess("npm", new ProcessSettings { Arguments = $"ci --prefix \"{folder.FullPath}\" --no-audit --no-fund" });
            if (npm != 0)
                Warning($"npm ci for {folder} failed (exit {npm}): the tests that use it will fail until it succeeds.");
        }
        catch (Exception e)
        {
            Warning($"npm could not be run ({e.Message}): the tests that use {folder} will fail until it is installed (npm ci).");
        }
    }

    DotNetTest(solution, new DotNetTestSettings
    {
        PathType = DotNetTestPathType.Solution,
        Configuration = configuration,
        // No NoLogo here: under MTP `--nologo` is passed through to the test app, which rejects it.
        EnvironmentVariables = environment,
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

Task("Release")
    .Description("Publish every runtime this machine can build; artifacts/release/download-models-{version}-{rid}.tar.gz (binary, LICENSE, README.md, download-models.1) and SHA256SUMS.")
    .Does(() =>
{
    // Linux x64 builds linux-x64 and cross-builds linux-arm64; macOS builds both osx runtimes (Xcode's clang
    // targets either); a Linux arm64 machine builds linux-arm64. linux-musl-x64 is not built (README, Platforms).
    var rids = new List<string>();
    if (IsRunningOnMacOs())
    {
        rids.AddRange(new[] { "osx-arm64", "osx-x64" });
    }
    else if (IsRunningOnLinux() && hostArch == System.Runtime.InteropServices.Architecture.Arm64)
    {
        rids.Add("linux-arm64");
    }
    else if (IsRunningOnLinux())
    {
        rids.Add("linux-x64");
        if (Arm64CrossMissing() is { } why)
            Warning($"linux-arm64 skipped: {why}");
        else
            rids.Add("linux-arm64");
    }
    else
    {
        throw new Exception("Release runs on Linux or macOS.");
    }

    var version = XmlPeek(File("./Directory.Build.props"), "/Project/PropertyGroup/Version");
    CleanDirectory(releaseDir);
    var sums = new System.Text.StringBuilder();
    FilePath manPage = null;
    foreach (var releaseRid in rids)
    {
        var binary = PublishRid(releaseRid);
        // download-models(1), made by the binary from its own help: the first runtime of the list is this machine's.
        if (manPage is null)
        {
            manPage = MakeAbsolute(artifactsRoot + File("download-models.1"));
            IEnumerable<string> page;
            var exit = StartProcess(binary, new ProcessSettings { Arguments = "man", RedirectStandardOutput = true }, out page);
            if (exit != 0)
                throw new Exception($"{binary} man exited {exit}: no manual page for the release.");
            System.IO.File.WriteAllText(manPage.FullPath, string.Join("\n", page) + "\n");
        }
        var top = $"download-models-{version}-{releaseRid}";
        var archive = MakeAbsolute(releaseDir + File(top + ".tar.gz"));
        WriteTarGz(archive.FullPath, new[]
        {
            (binary.FullPath, $"{top}/download-models", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute),
            (MakeAbsolute(File("./LICENSE")).FullPath, $"{top}/LICENSE", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead),
            (MakeAbsolute(File("./README.md")).FullPath, $"{top}/README.md", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead),
            (manPage.FullPath, $"{top}/download-models.1", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead),
        });
        using (var stream = System.IO.File.OpenRead(archive.FullPath))
        {
            sums.Append(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream)).ToLowerInvariant())
                .Append("  ").Append(archive.GetFilename().FullPath).Append('\n');
        }
        Information($"Wrote {archive}");
    }

    System.IO.File.WriteAllText(MakeAbsolute(releaseDir + File("SHA256SUMS")).FullPath, sums.ToString());
    Information($"Wrote {MakeAbsolute(releaseDir + File("SHA256SUMS"))}");
});

// A gzip'd tar that any tar reads: root-owned entries, fixed modes, the source's modification times.
void WriteTarGz(string path, IEnumerable<(string Source, string Name, UnixFileMode Mode)> entries)
{
    using var file = System.IO.File.Create(path);
    using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.SmallestSize);
    using var tar = new System.Formats.Tar.TarWriter(gzip, System.Formats.Tar.TarEntryFormat.Ustar);
    foreach (var (source, name, mode) in entries)
    {
        using var content = System.IO.File.OpenRead(source);
        tar.WriteEntry(new System.Formats.Tar.UstarTarEntry(System.Formats.Tar.TarEntryType.RegularFile, name)
        {
            DataStream = content,
            Mode = mode,
            ModificationTime = System.IO.File.GetLastWriteTimeUtc(source),
            Uid = 0,
            Gid = 0,
            UserName = "root",
            GroupName = "root",
        });
    }
}

RunTarget(target);
