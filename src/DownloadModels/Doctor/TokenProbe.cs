using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using DownloadModels.Hub;

namespace DownloadModels.Doctor;

/// <summary>
/// <c>token</c>: whether a token is set, and whether the endpoint accepts it and for whom — <c>GET /api/whoami-v2</c>
/// with the token, as huggingface_hub's <c>whoami()</c> asks (the endpoint only; the answer's <c>name</c> is the
/// account, <c>auth.accessToken.role</c> the token's kind).
/// </summary>
internal static class TokenProbe
{
    private const string Name = "token";
    private const int MaxAnswerBytes = 1024 * 1024;

    public static async Task<DoctorCheck> RunAsync(DoctorInputs inputs, CancellationToken ct)
    {
        var connection = inputs.Http.Connection;
        if (connection.Token is null || inputs.TokenSource is null)
            return DoctorCheck.Skip(Name, "", "not set: public repos only (gated and private repos need HF_TOKEN, --token or the token file)");

        var url = connection.Url("api/whoami-v2");
        var target = HubHttp.Describe(url);
        var proxy = NetworkErrors.ProxyFor(url);
        try
        {
            var ((status, who), elapsed) = await Probe.WithinAsync(inputs.Timeout, async c =>
            {
                // GetAsync sends the token to the endpoint, and to nothing else.
                using var response = await inputs.Http.GetAsync(url, 0, c, identityEncoding: false);
                var answer = response.IsSuccessStatusCode ? Parse(await BoundedBody.ReadAsync(response.Content, MaxAnswerBytes, "whoami", c)) : null;
                return (response.StatusCode, answer);
            }, ct);
            var from = $"from {inputs.TokenSource}";
            return (status switch
            {
                HttpStatusCode.OK when who?.Name is { Length: > 0 } name =>
                    DoctorCheck.Ok(Name, target, $"valid: {who.Type ?? "user"} {name}{Role(who)} ({from})"),
                HttpStatusCode.OK => DoctorCheck.Fail(Name, target, $"the endpoint accepted it but named no account ({from})", "check --endpoint/HF_ENDPOINT: it does not answer as the Hub does"),
                HttpStatusCode.Unauthorized => DoctorCheck.Fail(Name, target, $"refused (HTTP 401): the token {from} is invalid, expired or revoked",
                    $"create a token at {connection.Url("settings/tokens")} and set it in {inputs.TokenSource}, or unset it for public repos"),
                HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented =>
                    DoctorCheck.Skip(Name, target, $"set ({from}), but this endpoint has no /api/whoami-v2 (a mirror?) to check it"),
                _ => DoctorCheck.Fail(Name, target, $"the endpoint answered HTTP {(int)status} ({from})", "run again later; if it persists, check --endpoint/HF_ENDPOINT"),
            }) with { Proxy = proxy, Elapsed = elapsed };
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The endpoint's own line says why it cannot be reached; this one is only not checked.
            return DoctorCheck.Skip(Name, target, $"set (from {inputs.TokenSource}), not checked: {Probe.Reason(e)}") with { Proxy = proxy };
        }
    }

    private static string Role(WhoAmI who) => who.Auth?.AccessToken?.Role is { Length: > 0 } role ? $", {role} token" : "";

    private static WhoAmI? Parse(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, WhoAmIJsonContext.Default.WhoAmI);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>What <c>/api/whoami-v2</c> answers that `doctor` reads (the Hub sends much more: orgs, email, …).</summary>
internal sealed record WhoAmI(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("auth")] WhoAmIAuth? Auth);

internal sealed record WhoAmIAuth([property: JsonPropertyName("accessToken")] WhoAmIToken? AccessToken);

internal sealed record WhoAmIToken(
    [property: JsonPropertyName("displayName")] string? DisplayName,
    [property: JsonPropertyName("role")] string? Role);

/// <summary>Source-generated, for the Native AOT binary.</summary>
[JsonSerializable(typeof(WhoAmI))]
internal sealed partial class WhoAmIJsonContext : JsonSerializerContext;
