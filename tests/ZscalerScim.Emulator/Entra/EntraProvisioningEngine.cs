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

    /// <summary>
    /// One provisioning cycle of a job: every assigned user created at the SCIM server, every user it exported and no longer
    /// assigned disabled (Entra's soft delete); a refused token quarantines the job, and so do more deletions than the
    /// accidental-deletions threshold allows (TooManyDeletes: nothing is deleted until a restart with ForceDeletes).
    /// </summary>
    public async Task RunAsync(EntraServicePrincipal sp, EntraJob job)
    {
        string? baseAddress, token;
        var users = entra.Users();
        List<string> deletions;
        bool forced;
        int? threshold;
        lock (entra.Gate)
        {
            baseAddress = sp.Secret("BaseAddress");
            token = sp.Secret("SecretToken");
            job.Runs++;
            deletions = [.. job.Provisioned.Where(upn => !users.Any(u => u.UserPrincipalName.Equals(upn, StringComparison.OrdinalIgnoreCase)))];
            forced = job.ForceDeletes;
            job.ForceDeletes = false;
            threshold = DeleteThreshold(sp);
        }
        var began = DateTimeOffset.UtcNow;
        int exports = 0, exported = 0;
        string? failure = null;
        if (!forced && threshold is { } limit && deletions.Count > limit)
        {
            HoldDeletions(job, began, users.Count, deletions.Count, limit);
            return;
        }
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
                    Exported(job, user.UserPrincipalName);
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
                Exported(job, user.UserPrincipalName);
                exported++;
            }
            foreach (var upn in failure is null ? deletions : [])
            {
                failure = await DisableAsync(baseAddress, token, upn);
                if (failure is not null)
                {
                    break;
                }
                lock (entra.Gate)
                {
                    job.Provisioned.Remove(upn);
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

    private void Exported(EntraJob job, string upn)
    {
        lock (entra.Gate)
        {
            job.Provisioned.Add(upn);
        }
    }

    // SyncNotificationSettings: {"DeleteThresholdEnabled":true,"DeleteThresholdValue":N}; null when off or not set.
    private static int? DeleteThreshold(EntraServicePrincipal sp)
    {
        try
        {
            var settings = sp.Secret("SyncNotificationSettings") is { } text ? JsonNode.Parse(text) : null;
            return settings?["DeleteThresholdEnabled"]?.GetValue<bool>() == true ? settings["DeleteThresholdValue"]?.GetValue<int>() : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    // The accidental-deletions threshold: the cycle exports nothing, and the deletions wait for an administrator.
    private void HoldDeletions(EntraJob job, DateTimeOffset began, int entitled, int deletions, int limit)
    {
        var now = DateTimeOffset.UtcNow;
        var error = new EntraSyncError(
            "TooManyDeletes",
            $"The provisioning cycle would delete {deletions} users, more than the accidental deletions threshold of {limit}. The deletions are held back until an administrator allows them.",
            TenantActionable: true);
        lock (entra.Gate)
        {
            job.Code = "Quarantine";
            job.CountSuccessiveCompleteFailures++;
            if (job.Quarantine is { Reason: "TooManyDeletes" } series)
            {
                series.Continue(now, error);
            }
            else
            {
                job.Quarantine = new EntraQuarantine("TooManyDeletes", now, error);
            }
            job.LastExecution = new EntraExecution(Guid.NewGuid().ToString(), false, began, now, entitled, entitled, 0, 0, error, Escrowed: deletions);
            job.RunsCompleted++;
        }
    }

    // Entra's soft delete of a user no longer in scope: active false, as it PATCHes a Zscaler SCIM server.
    private static async Task<string?> DisableAsync(string baseAddress, string token, string upn)
    {
        var (status, detail) = await SendAsync(HttpMethod.Get, baseAddress, "Users?filter=" + Uri.EscapeDataString($"userName eq \"{upn}\""), token, null);
        if (status != 200)
        {
            return Explain(status, detail);
        }
        if (JsonNode.Parse(detail ?? "{}")?["Resources"]?[0]?["id"]?.ToString() is not { } id)
        {
            return null;
        }
        var patch = new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
            ["Operations"] = new JsonArray(new JsonObject { ["op"] = "Replace", ["path"] = "active", ["value"] = "False" }),
        };
        (status, detail) = await SendAsync(HttpMethod.Patch, baseAddress, "Users/" + Uri.EscapeDataString(id), token, patch);
        return status is 200 or 204 ? null : Explain(status, detail);
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
