using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace DownloadModels.Tests.FakeHub;

/// <summary>The JSON endpoints: revision info (protocol §1) and the paginated tree listing (§2).</summary>
internal sealed class ApiServer(FakeHub hub, RepoDirectory repos)
{
    /// <summary>
    /// Handles /api/{models|datasets}/{org}/{name}[/revision/{rev} | /tree/{rev}[/{path}]], /api/whoami-v2 and
    /// /api/agent-harnesses; false when not such a route.
    /// </summary>
    public async Task<bool> TryHandleAsync(HttpContext context, RequestTarget target)
    {
        var s = target.Segments;
        if (s is ["api", "agent-harnesses"])
        {
            // The `hf` command line fetches this registry once a day to tell whether an AI agent runs it.
            await HubAnswers.JsonAsync(context, new JsonObject { ["standardEnvVars"] = new JsonArray(), ["harnesses"] = new JsonObject() });
            return true;
        }

        if (s is ["api", "whoami-v2"])
        {
            await WhoAmIAsync(context);
            return true;
        }

        if (s.Length < 4 || s[0] != "api" || !TryType(s[1], out var type))
        {
            return false;
        }

        var repoId = $"{s[2]}/{s[3]}";
        if (s.Length == 6 && s[4] == "xet-read-token")
        {
            // Xet (protocol doc §2): the Hub token, or none for a public repo; a private repo without it is not found.
            if (await repos.AuthorizeAsync(context, type, repoId, download: true) is { } readable)
            {
                if (readable.Resolve(s[5]) is null)
                {
                    await HubAnswers.RevisionNotFoundAsync(context, s[5]);
                }
                else
                {
                    await hub.Cas.TokenAsync(context, target.Decoded);
                }
            }

            return true;
        }

        var (revision, tree) = s.Length switch
        {
            4 => ("main", false),
            6 when s[4] == "revision" => (s[5], false),
            >= 6 when s[4] == "tree" => (s[5], true),
            _ => (null, false),
        };
        if (revision is null)
        {
            return false;
        }

        if (await repos.AuthorizeAsync(context, type, repoId, download: false) is not { } repo)
        {
            return true;
        }

        if (repo.Resolve(revision) is not { } snapshot)
        {
            await HubAnswers.RevisionNotFoundAsync(context, revision);
        }
        else if (tree)
        {
            await TreeAsync(context, target, repo, snapshot, target.PathFrom(6));
        }
        else
        {
            await HubAnswers.JsonAsync(context, Info(repo, snapshot, context.Request.Query["blobs"] == "true"));
            repo.RevisionAnswered();
        }

        return true;
    }

    /// <summary>
    /// Who a token belongs to, in the Hub's shape (huggingface_hub's <c>whoami()</c> reads <c>name</c> and <c>orgs</c>):
    /// a token the hub accepts answers with its account (<see cref="FakeHub.AddUser"/>, else <c>user</c>); any other
    /// token, or none, gets 401 as the Hub answers an invalid one.
    /// </summary>
    private async Task WhoAmIAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : "";
        if (!hub.ValidTokens.Contains(token))
        {
            await HubAnswers.ErrorAsync(context, 401, null, "Invalid credentials in Authorization header");
            return;
        }

        var name = hub.UserOf(token) ?? "user";
        await HubAnswers.JsonAsync(context, new JsonObject
        {
            ["type"] = "user",
            ["id"] = HubHashes.Sha1Hex(name)[..24],
            ["name"] = name,
            ["fullname"] = name,
            ["isPro"] = false,
            ["orgs"] = new JsonArray(),
            ["auth"] = new JsonObject
            {
                ["type"] = "access_token",
                ["accessToken"] = new JsonObject { ["displayName"] = "fake-hub token", ["role"] = "read" },
            },
        });
    }

    public static bool TryType(string plural, out string type)
    {
        type = plural switch { "models" => "model", "datasets" => "dataset", _ => "" };
        return type.Length > 0;
    }

    private async Task TreeAsync(HttpContext context, RequestTarget target, FakeRepo repo, RepoSnapshot snapshot, string folder)
    {
        var query = context.Request.Query;
        if (new TreeListing(snapshot, repo.XetHash).Entries(folder, query["recursive"] == "true") is not { } entries)
        {
            await HubAnswers.ErrorAsync(context, 404, "EntryNotFound", $"{folder} does not exist on \"{snapshot.Commit}\"");
            return;
        }

        var pageSize = query["expand"] == "true" ? Math.Min(50, hub.TreePageSize) : hub.TreePageSize;
        var start = 0;
        if (query.TryGetValue("cursor", out var cursor) && !TryReadCursor(cursor.ToString(), snapshot.Commit, out start))
        {
            await HubAnswers.ErrorAsync(context, 400, "BadRequest", "Invalid cursor");
            return;
        }

        if (start + pageSize < entries.Count)
        {
            // Same URL and query, plus an opaque cursor: the client must follow it verbatim.
            var rest = QueryHelpers.ParseQuery(target.Query).Where(q => q.Key != "cursor")
                .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}");
            var next = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{snapshot.Commit}:{start + pageSize}"));
            var url = $"{hub.ApiUrl}{target.RawPath}?{string.Join('&', rest.Append($"cursor={Uri.EscapeDataString(next)}"))}";
            context.Response.Headers.Link = $"<{url}>; rel=\"next\"";
        }

        await HubAnswers.JsonAsync(context, new JsonArray([.. entries.Skip(start).Take(pageSize)]));
    }

    private static bool TryReadCursor(string cursor, string commit, out int start)
    {
        start = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith(commit + ":", StringComparison.Ordinal)
                && int.TryParse(text[(commit.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out start);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static JsonObject Info(FakeRepo repo, RepoSnapshot snapshot, bool blobs)
    {
        var siblings = new JsonArray();
        foreach (var file in snapshot.Files.Values)
        {
            var sibling = new JsonObject { ["rfilename"] = file.Path };
            if (blobs)
            {
                sibling["size"] = file.Size;
                sibling["blobId"] = file.Oid;
                if (file.Lfs)
                {
                    sibling["lfs"] = new JsonObject { ["sha256"] = file.Content.Sha256, ["size"] = file.Size, ["pointerSize"] = file.PointerSize };
                }
            }

            siblings.Add(sibling);
        }

        var info = new JsonObject { ["_id"] = HubHashes.Sha1Hex(repo.Id)[..24], ["id"] = repo.Id };
        if (repo.Type == "model")
        {
            info["modelId"] = repo.Id;
        }

        info["author"] = repo.Id.Split('/')[0];
        info["sha"] = snapshot.Commit;
        info["lastModified"] = repo.LastModified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        info["private"] = repo.Private;
        info["gated"] = repo.Gated ? JsonValue.Create(repo.GatedMode) : JsonValue.Create(false);
        info["disabled"] = repo.Disabled;
        info["tags"] = new JsonArray();
        info["siblings"] = siblings;
        return info;
    }
}
