using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Entra;

/// <summary>
/// What Entra ID's provisioning service does with the stored BaseAddress and SecretToken: real HTTP calls to that SCIM
/// server (here, the emulator's own ZIA SCIM endpoint), so a wrong or not-yet-activated token fails as it would.
/// </summary>
public sealed class EntraProvisioningEngine(EntraState entra)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Null when the SCIM server accepted the URL and token (a user query answered 200); else why not.</summary>
    public static async Task<string?> ValidateAsync(string baseAddress, string token)
    {
        var (status, detail) = await SendAsync(HttpMethod.Get, baseAddress, "Users?filter=" + Uri.EscapeDataString("userName eq \"entra-validation@acme.example\"") + "&count=1", token, null);
        return status == 200 ? null : Explain(status, detail);
    }

    /// <summary>One provisioning cycle of a job: every assigned user created (or updated) at the SCIM server; a refused token quarantines the job.</summary>
    public async Task RunAsync(EntraServicePrincipal sp, EntraJob job)
    {
        string? baseAddress, token;
        lock (entra.Gate)
        {
            baseAddress = sp.Secret("BaseAddress");
            token = sp.Secret("SecretToken");
            job.Runs++;
        }
        var began = DateTimeOffset.UtcNow;
        var users = entra.Users();
        int exports = 0, exported = 0;
        string? failure = null;
        if (baseAddress is null || token is null)
        {
            failure = "The job has no BaseAddress or SecretToken.";
        }
        else
        {
            foreach (var user in users)
            {
                var filter = "Users?filter=" + Uri.EscapeDataString($"userName eq \"{user.UserPrincipalName}\"");
                var (status, detail) = await SendAsync(HttpMethod.Get, baseAddress, filter, token, null);
                if (status != 200)
                {
                    failure = Explain(status, detail);
                    break;
                }
                if (JsonNode.Parse(detail ?? "{}")?["totalResults"]?.GetValue<int>() > 0)
                {
                    continue;
                }
                var body = new JsonObject
                {
                    ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"),
                    ["externalId"] = user.Id,
                    ["userName"] = user.UserPrincipalName,
                    ["displayName"] = user.DisplayName,
                    ["active"] = true,
                    ["name"] = new JsonObject { ["givenName"] = user.GivenName, ["familyName"] = user.Surname },
                    ["emails"] = new JsonArray(new JsonObject { ["value"] = user.UserPrincipalName, ["type"] = "work", ["primary"] = true }),
                    ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = new JsonObject { ["department"] = user.Department },
                };
                exports++;
                (status, detail) = await SendAsync(HttpMethod.Post, baseAddress, "Users", token, body);
                if (status is not (201 or 409))
                {
                    failure = Explain(status, detail);
                    break;
                }
                exported++;
            }
        }

        var ended = DateTimeOffset.UtcNow;
        var error = failure is null ? null : new EntraSyncError("SystemForCrossDomainIdentityManagementCredentialValidationUnavailable", failure, TenantActionable: true);
        var execution = new EntraExecution(Guid.NewGuid().ToString(), failure is null, began, ended, users.Count, users.Count, exports, exported, error);
        lock (entra.Gate)
        {
            if (error is not null)
            {
                job.Code = "Quarantine";
                job.CountSuccessiveCompleteFailures++;
                if (job.Quarantine is { } quarantine)
                {
                    quarantine.Continue(ended, error);
                }
                else
                {
                    job.Quarantine = new EntraQuarantine("EncounteredQuarantineException", ended, error);
                }
            }
            else
            {
                job.LastSuccessfulExecution = execution;
                if (exported > 0)
                {
                    job.LastSuccessfulExecutionWithExports = execution;
                }
                job.CountSuccessiveCompleteFailures = 0;
                job.SteadyStateFirstAchievedTime ??= ended;
                job.SteadyStateLastAchievedTime = ended;
                job.Quarantine = null;
                if (job.Code != "Paused")
                {
                    job.Code = "Active";
                }
            }
            job.LastExecution = execution;
            job.RunsCompleted++;
        }
    }

    private static string Explain(int status, string? detail)
    {
        var said = status == 0 ? "could not be reached" : $"answered {status} {(HttpStatusCode)status}";
        string? text = null;
        try
        {
            text = detail is null ? null : JsonNode.Parse(detail)?["detail"]?.GetValue<string>();
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return $"Failed to validate the credentials. The SCIM endpoint {said}{(text is null ? "" : $": {text}")}. Verify the Tenant URL and Secret Token.";
    }

    private static async Task<(int Status, string? Body)> SendAsync(HttpMethod method, string baseAddress, string relative, string token, JsonObject? body)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, baseAddress.TrimEnd('/') + "/" + relative);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/scim+json");
            }
            try
            {
                using var response = await Http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode == 429 && attempt < 5)
                {
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                    continue;
                }
                return ((int)response.StatusCode, text);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException or InvalidOperationException)
            {
                return (0, null);
            }
        }
    }
}
