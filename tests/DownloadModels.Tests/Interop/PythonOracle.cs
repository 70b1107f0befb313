namespace DownloadModels.Tests.Interop;

/// <summary>
/// Finds the Python that runs huggingface_hub, the reference client our cache must satisfy:
/// <c>DOWNLOAD_MODELS_HF_PYTHON</c> when set (any python with huggingface_hub installed, e.g. a venv after
/// <c>pip install huggingface_hub</c>), else the pinned oracle <c>&lt;repo root&gt;/../shared/oracle/hf-python</c>.
/// A missing one is an error, never a skip: the interop suite is the judge of the cache format.
/// </summary>
internal static class PythonOracle
{
    public const string OverrideVariable = "DOWNLOAD_MODELS_HF_PYTHON";

    /// <summary>The executable to start, or an exception that says how to get one.</summary>
    public static string Executable()
    {
        if (Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } chosen)
        {
            if (File.Exists(chosen) || FindOnPath(chosen) is not null)
                return chosen;
            throw new InvalidOperationException($"{OverrideVariable}={chosen}: no such file or command on PATH.");
        }

        var oracle = Path.GetFullPath(Path.Combine(RepoRoot.Path, "..", "shared", "oracle", "hf-python"));
        if (!File.Exists(oracle))
        {
            throw new InvalidOperationException(
                $"huggingface_hub oracle not found at {oracle}. The interop tests run huggingface_hub against the cache we write: "
                + "provide ../shared/oracle/hf-python beside the repository (its header lists the Debian packages it needs; CI installs "
                + $"them through APT_PACKAGES in .ci/run), or set {OverrideVariable} to a python that has huggingface_hub installed "
                + "(python3 -m venv v && v/bin/pip install huggingface_hub).");
        }

        return oracle;
    }

    /// <summary>The folder the interop scripts were copied to (the test project's Interop/Python).</summary>
    public static string ScriptsFolder => Path.Combine(AppContext.BaseDirectory, "Interop", "Python");

    private static string? FindOnPath(string name) =>
        name.Contains('/', StringComparison.Ordinal)
            ? null
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
