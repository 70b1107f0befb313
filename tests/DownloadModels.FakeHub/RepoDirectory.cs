using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace DownloadModels.Tests.FakeHub;

/// <summary>The hub's repos and tokens, and the access rules of protocol §4 applied to them.</summary>
internal sealed class RepoDirectory
{
    private readonly ConcurrentDictionary<(string Type, string Id), FakeRepo> _repos = new();

    public TokenSet ValidTokens { get; } = new();

    /// <summary>The hub's CAS, where <see cref="FakeRepo.AddXetFile"/> puts a file's xorbs.</summary>
    public Xet.FakeCas? Cas { get; set; }

    public FakeRepo Add(string repoId, string type)
    {
        if (type is not ("model" or "dataset"))
        {
            throw new ArgumentException("Type is model or dataset.", nameof(type));
        }

        if (repoId.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            throw new ArgumentException("A repo id is org/name.", nameof(repoId));
        }

        var repo = new FakeRepo(repoId, type, Cas);
        return _repos.TryAdd((type, repoId), repo) ? repo : throw new InvalidOperationException($"{type} {repoId} exists already.");
    }

    public FakeRepo? Find(string type, string repoId) => _repos.GetValueOrDefault((type, repoId));

    /// <summary>
    /// Applies authentication and the private/disabled/gated rules. Returns the repo, or null after writing
    /// the refusal. <paramref name="download"/> is true for file content, which gating refuses.
    /// </summary>
    public async Task<FakeRepo?> AuthorizeAsync(HttpContext context, string type, string repoId, bool download)
    {
        var header = context.Request.Headers.Authorization.ToString();
        string? token = null;
        if (header.Length > 0)
        {
            token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : "";
            if (!IsKnown(token))
            {
                await HubAnswers.ErrorAsync(context, 401, null, "Invalid credentials in Authorization header");
                return null;
            }
        }

        var repo = Find(type, repoId);
        if (repo is null || (repo.Private && !repo.ApprovedTokens.Contains(token)))
        {
            await HubAnswers.RepoNotFoundAsync(context, anonymous: token is null);
            return null;
        }

        if (repo.Disabled)
        {
            await HubAnswers.ErrorAsync(context, 403, null, "Access to this resource is disabled.");
            return null;
        }

        if (download && repo.Gated && !repo.ApprovedTokens.Contains(token))
        {
            var message = token is null
                ? $"Access to {type} {repoId} is restricted. You must have access to it and be authenticated to access it. Please log in."
                : $"Access to {type} {repoId} is restricted and you are not in the authorized list. Visit https://huggingface.co/{repoId} to ask for access.";
            await HubAnswers.ErrorAsync(context, token is null ? 401 : 403, "GatedRepo", message);
            return null;
        }

        return repo;
    }

    // A token is genuine when the hub knows it or some repo approved it, so tests need not register it twice.
    private bool IsKnown(string token) => ValidTokens.Contains(token) || _repos.Values.Any(r => r.ApprovedTokens.Contains(token));
}
