using DownloadModels.Engine;
using DownloadModels.Manifest;

namespace DownloadModels.Lockfile;

/// <summary>
/// Turns the manifest into a lock, through the one planner (so a lock selects exactly the files a download
/// would). A revision is resolved only for an entry the lock does not have yet, or when an upgrade asks for
/// it; an entry whose inputs are unchanged is kept as it is without asking the Hub, and one whose patterns
/// changed is selected again at the commit already locked. So a branch that moved never moves the lock
/// silently, and locking twice changes nothing.
/// </summary>
internal sealed class LockResolver(ModelPlanner planner)
{
    /// <param name="upgrade">Whether an entry's revision is resolved again (lock --upgrade [REPO]).</param>
    public async Task<LockResult> LockAsync(ModelManifest manifest, LockedSet? existing, Func<ModelInput, bool> upgrade, CancellationToken ct)
    {
        var changes = (await Task.WhenAll(manifest.Entries.Select(e => LockEntryAsync(e.Input, existing, upgrade(e.Input), ct)))).ToList();
        var kept = manifest.Entries.Select(e => e.Input.Key).ToHashSet();
        foreach (var gone in existing?.Models.Where(m => !kept.Contains(m.Input.Key)) ?? [])
            changes.Add(new LockChange(LockChangeKind.Removed, gone.Input, gone, null));
        var failed = changes.Any(c => c.Kind == LockChangeKind.Failed);
        return new LockResult(failed ? null : LockedSet.Sorted(changes.Where(c => c.After is not null).Select(c => c.After!)), changes);
    }

    private async Task<LockChange> LockEntryAsync(ModelInput input, LockedSet? existing, bool upgrade, CancellationToken ct)
    {
        var before = existing?.Find(input.Key);
        if (before is not null && !upgrade && before.Input.SameAs(input))
            return new LockChange(LockChangeKind.Unchanged, input, before, before);

        // Without an upgrade an entry already locked stays on its commit, even when only its patterns changed.
        var revision = before is not null && !upgrade ? before.Commit : input.Revision;
        var request = new ModelRequest(input.ToSpec() with { Revision = revision }, input.Repo);
        try
        {
            var plan = await planner.PlanAsync(request, ct);
            var after = new LockedModel(input, plan.Commit,
                [.. plan.Files.Select(f => f.File).OrderBy(f => f.Path, StringComparer.Ordinal)],
                [.. plan.MissingOptional.Order(StringComparer.Ordinal)]);
            var kind = before is null ? LockChangeKind.Added
                : before.SameContent(after) && before.Input.SameAs(input) ? LockChangeKind.UpToDate
                : before.Commit != after.Commit ? LockChangeKind.Upgraded
                : LockChangeKind.Reselected;
            return new LockChange(kind, input, before, after);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return new LockChange(LockChangeKind.Failed, input, before, null, FailureMessages.For(e, input.Shown));
        }
    }
}
