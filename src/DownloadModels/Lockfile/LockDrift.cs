using DownloadModels.Manifest;

namespace DownloadModels.Lockfile;

/// <summary>How the manifest and the lock disagree, one line each; empty when the lock is up to date (what sync --locked requires).</summary>
internal static class LockDrift
{
    public static IReadOnlyList<string> Between(ModelManifest manifest, LockedSet? lockFile)
    {
        if (lockFile is null)
            return ["there is no lock yet"];
        var drift = new List<string>();
        foreach (var entry in manifest.Entries)
        {
            var input = entry.Input;
            if (lockFile.Find(input.Key) is not { } locked)
                drift.Add($"{input.Shown} (line {entry.Line}) is not in the lock");
            else if (!locked.Input.SameAs(input))
                drift.Add($"{input.Shown} (line {entry.Line}) changed since it was locked ({Difference(locked.Input, input)})");
        }

        var listed = manifest.Entries.Select(e => e.Input.Key).ToHashSet();
        drift.AddRange(lockFile.Models.Where(m => !listed.Contains(m.Input.Key)).Select(m => $"{m.Input.Shown} is locked but no longer in the manifest"));
        return drift;
    }

    private static string Difference(ModelInput locked, ModelInput now)
    {
        var parts = new List<string>();
        if (locked.Preset != now.Preset)
            parts.Add($"preset {locked.Preset ?? "none"} -> {now.Preset ?? "none"}");
        if (locked.Whisper != now.Whisper)
            parts.Add($"whisper {locked.Whisper ?? "none"} -> {now.Whisper ?? "none"}");
        if (!locked.Include.SequenceEqual(now.Include, StringComparer.Ordinal))
            parts.Add($"include [{string.Join(", ", locked.Include)}] -> [{string.Join(", ", now.Include)}]");
        if (!locked.Exclude.SequenceEqual(now.Exclude, StringComparer.Ordinal))
            parts.Add($"exclude [{string.Join(", ", locked.Exclude)}] -> [{string.Join(", ", now.Exclude)}]");
        return string.Join("; ", parts);
    }
}
