using System.Text.Json.Nodes;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Tests.Reliability;

/// <summary>Hand-made tree listings (protocol §2) for answers the fake would never produce by itself.</summary>
internal static class TreeJson
{
    public const string SomeOid = "0123456789abcdef0123456789abcdef01234567";
    public const string SomeSha256 = "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd";

    public static JsonObject Regular(string path, long size = 2, string oid = SomeOid) =>
        new() { ["type"] = "file", ["oid"] = oid, ["size"] = size, ["path"] = path };

    public static JsonObject Lfs(string path, long size, string sha256 = SomeSha256) =>
        new() { ["type"] = "file", ["oid"] = SomeOid, ["size"] = 134, ["path"] = path, ["lfs"] = new JsonObject { ["oid"] = sha256, ["size"] = size, ["pointerSize"] = 134 } };

    public static CustomAnswer Answer(params JsonObject[] entries) => CustomAnswer.Json(new JsonArray([.. entries]).ToJsonString());
}
