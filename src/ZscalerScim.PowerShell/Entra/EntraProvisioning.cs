using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;

namespace ZscalerScim.Entra;

/// <summary>
/// An enterprise application's provisioning through Graph's synchronization API: find the service principal and its job,
/// write the SCIM URL and token, validate, run, read the status. Each method is one step another command can reuse
/// (a token rotation calls WriteCredentialsAsync, then ValidateAsync).
/// </summary>
internal static class EntraProvisioning
{
    /// <summary>By object id (a GUID) or by display name, which must match exactly one service principal.</summary>
    public static async Task<EntraServicePrincipal> ResolveServicePrincipalAsync(GraphConnection graph, string idOrName, OperationLog log, CancellationToken cancel)
    {
        string wanted = idOrName.Trim();
        if (Guid.TryParse(wanted, out _))
        {
            try
            {
                var one = await graph.SendAsync(HttpMethod.Get, GraphWire.ServicePrincipal(wanted), null, log, cancel).ConfigureAwait(false);
                return ToServicePrincipal(one.Json as JObject);
            }
            catch (ZiaException ex) when (ex.StatusCode == 404)
            {
                throw new ZiaException("EntraServicePrincipalNotFound", ErrorCategory.ObjectNotFound,
                    $"No service principal has the object id {wanted}. Use the Object ID under Enterprise applications > (the app) > Properties, not the application (client) id, or give the display name.",
                    idOrName, ex);
            }
        }

        var answer = await graph.SendAsync(HttpMethod.Get, GraphWire.ByDisplayName(wanted), null, log, cancel).ConfigureAwait(false);
        List<EntraServicePrincipal> found = Values(answer.Json).Select(v => ToServicePrincipal(v as JObject)).ToList();
        if (found.Count == 1)
        {
            return found[0];
        }
        if (found.Count == 0)
        {
            throw new ZiaException("EntraServicePrincipalNotFound", ErrorCategory.ObjectNotFound,
                $"No enterprise application is named '{wanted}'. Check the name under Enterprise applications (the match is exact), or give the object id.", idOrName);
        }
        throw new ZiaException("EntraServicePrincipalAmbiguous", ErrorCategory.InvalidArgument,
            $"{found.Count} enterprise applications are named '{wanted}': {string.Join(", ", found.Select(f => f.Id))} (object ids, app ids {string.Join(", ", found.Select(f => f.AppId))}). Give the object id of the one to change.",
            idOrName);
    }

    /// <summary>A SCIM URL and token fit to hand to Entra ID: https (plain http only to this machine), a token with no stray characters.</summary>
    public static void CheckCredentials(Uri baseUrl, SecureString token, string? identityProvider)
    {
        if (!baseUrl.IsAbsoluteUri || !Http.TransportRules.IsSafe(baseUrl))
        {
            throw new ZiaException("EntraInsecureBaseUrl", ErrorCategory.SecurityError,
                $"{Http.TransportRules.Display(baseUrl)} is not an https address; Entra ID would send the bearer token unencrypted. Use the https base URL from Get-ZiaScimBaseUrl.", "BaseUrl");
        }
        if (!SecretText.IsToken(token))
        {
            throw new ZiaException("EntraInvalidBearerToken", ErrorCategory.InvalidArgument,
                identityProvider is null
                    ? "-BearerToken is empty or has a space, line break or other character a SCIM bearer token cannot have. Copy it again (or read it with Get-ZiaScimBearerToken)."
                    : $"The SCIM bearer token of identity provider '{identityProvider}' has characters a token cannot have. Create a new one with New-ZiaScimBearerToken.",
                "BearerToken");
        }
    }

    /// <summary>Every provisioning job of the service principal.</summary>
    public static async Task<IReadOnlyList<ZiaScimEntraProvisioning>> ListJobsAsync(GraphConnection graph, EntraServicePrincipal sp, OperationLog log, CancellationToken cancel)
    {
        var answer = await graph.SendAsync(HttpMethod.Get, GraphWire.Jobs(sp.Id), null, log, cancel).ConfigureAwait(false);
        return Values(answer.Json).OfType<JObject>().Select(j => ToModel(sp, j)).ToList();
    }

    /// <summary>The job to configure: the only one, or the one named by <paramref name="jobId"/>.</summary>
    public static async Task<ZiaScimEntraProvisioning> FindJobAsync(GraphConnection graph, EntraServicePrincipal sp, string? jobId, OperationLog log, CancellationToken cancel)
    {
        if (jobId is { Length: > 0 })
        {
            return await GetJobAsync(graph, sp, jobId, log, cancel).ConfigureAwait(false);
        }
        var answer = await graph.SendAsync(HttpMethod.Get, GraphWire.Jobs(sp.Id), null, log, cancel).ConfigureAwait(false);
        List<JObject> jobs = Values(answer.Json).OfType<JObject>().ToList();
        if (jobs.Count == 1)
        {
            return ToModel(sp, jobs[0]);
        }
        if (jobs.Count == 0)
        {
            throw new ZiaException("EntraProvisioningJobNotFound", ErrorCategory.ObjectNotFound,
                $"The enterprise application {sp} has no provisioning job. Open it in the Entra admin center, Provisioning, set the mode to Automatic once (or create the job from its template with Graph), then run this again.", sp.Id);
        }
        throw new ZiaException("EntraProvisioningJobAmbiguous", ErrorCategory.InvalidArgument,
            $"The enterprise application {sp} has {jobs.Count} provisioning jobs: {string.Join(", ", jobs.Select(j => $"{(string?)Child(j, GraphWire.Id)} (template {(string?)Child(j, GraphWire.TemplateId)})"))}. Pass -JobId.", sp.Id);
    }

    public static async Task<ZiaScimEntraProvisioning> GetJobAsync(GraphConnection graph, EntraServicePrincipal sp, string jobId, OperationLog log, CancellationToken cancel)
    {
        try
        {
            var answer = await graph.SendAsync(HttpMethod.Get, GraphWire.Job(sp.Id, jobId), null, log, cancel).ConfigureAwait(false);
            return ToModel(sp, answer.Json as JObject ?? new JObject());
        }
        catch (ZiaException ex) when (ex.StatusCode == 404)
        {
            throw new ZiaException("EntraProvisioningJobNotFound", ErrorCategory.ObjectNotFound,
                $"The enterprise application {sp} has no provisioning job '{jobId}'. Omit -JobId to use its only job.", jobId, ex);
        }
    }

    /// <summary>The keys the job's secrets collection holds (values are write-only: Graph masks them).</summary>
    public static async Task<IReadOnlyList<string>> ReadSecretKeysAsync(GraphConnection graph, string spId, OperationLog log, CancellationToken cancel)
    {
        var answer = await graph.SendAsync(HttpMethod.Get, GraphWire.Secrets(spId), null, log, cancel).ConfigureAwait(false);
        return Values(answer.Json).Select(v => (string?)Child(v, GraphWire.Key)).Where(k => !string.IsNullOrEmpty(k)).Select(k => k!).ToList();
    }

    /// <summary>
    /// PUTs only BaseAddress and SecretToken (the body built here: the Graph SDK's cmdlet has sent empty payloads), with the
    /// key list read before and after, so that a key the write dropped (SyncNotificationSettings) is reported.
    /// What Entra ID holds at each failure: before the PUT, its old credentials; a refused PUT, its old credentials; a PUT
    /// without a clear answer, possibly the new ones; a failed read after, the new ones (not compared).
    /// </summary>
    public static async Task<CredentialWrite> WriteCredentialsAsync(GraphConnection graph, string spId, Uri baseUrl, SecureString token, OperationLog log, CancellationToken cancel)
    {
        IReadOnlyList<string> before;
        try
        {
            before = await ReadSecretKeysAsync(graph, spId, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex)
        {
            throw new ZiaException(ex.ErrorId, ex.Category, $"Nothing was changed: Entra ID still holds its previous URL and token. {ex.Message}", spId, ex)
            {
                StatusCode = ex.StatusCode,
                ServiceCode = ex.ServiceCode,
                SaveState = SaveState.NotSaved,
            };
        }
        JObject body = new()
        {
            [GraphWire.Value] = new JArray(
                new JObject { [GraphWire.Key] = GraphWire.BaseAddress, [GraphWire.Value] = baseUrl.ToString() },
                new JObject { [GraphWire.Key] = GraphWire.SecretToken, [GraphWire.Value] = SecretText.Reveal(token) }),
        };
        log.Verbose($"Writing the SCIM base URL {baseUrl} and a bearer token to the provisioning of service principal {spId}.");
        try
        {
            await graph.SendAsync(HttpMethod.Put, GraphWire.Secrets(spId), body, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex)
        {
            string holds = ex.SaveState == SaveState.NotSaved
                ? "Entra ID refused the write and still holds its previous URL and token."
                : "Entra ID may or may not hold the new URL and token (no clear answer); run the command again, which writes them again.";
            throw new ZiaException(ex.ErrorId, ex.Category, $"{holds} {ex.Message}", spId, ex)
            {
                StatusCode = ex.StatusCode,
                ServiceCode = ex.ServiceCode,
                SaveState = ex.SaveState,
            };
        }

        IReadOnlyList<string> after;
        try
        {
            after = await ReadSecretKeysAsync(graph, spId, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex)
        {
            throw new ZiaException(ex.ErrorId, ex.Category,
                $"Entra ID accepted the new URL and token, but the secrets' key list could not be read back to check that no other setting was dropped: {ex.Message}", spId, ex)
            {
                StatusCode = ex.StatusCode,
                SaveState = SaveState.Unverified,
            };
        }
        List<string> lost = before.Where(k => !after.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        return new CredentialWrite(before, after, lost);
    }

    /// <summary>
    /// Entra ID tries the saved credentials (or the given URL and token, without saving them) against the SCIM server.
    /// Its refusal is an answer, not an error: the caller reports it.
    /// </summary>
    public static async Task<EntraValidation> ValidateAsync(GraphConnection graph, string spId, string jobId, OperationLog log, CancellationToken cancel,
        Uri? baseUrl = null, SecureString? token = null)
    {
        JObject body = baseUrl is not null && token is not null
            ? new JObject
            {
                [GraphWire.UseSavedCredentials] = false,
                [GraphWire.Credentials] = new JArray(
                    new JObject { [GraphWire.Key] = GraphWire.BaseAddress, [GraphWire.Value] = baseUrl.ToString() },
                    new JObject { [GraphWire.Key] = GraphWire.SecretToken, [GraphWire.Value] = SecretText.Reveal(token) }),
            }
            : new JObject { [GraphWire.UseSavedCredentials] = true };
        var answer = await graph.SendAsync(HttpMethod.Post, GraphWire.ValidateCredentials(spId, jobId), body, log, cancel, 400).ConfigureAwait(false);
        if (answer.StatusCode == 400)
        {
            JToken? error = Child(answer.Json, GraphWire.Error);
            return new EntraValidation(false, (string?)Child(error, GraphWire.Code), (string?)Child(error, GraphWire.Message));
        }
        return new EntraValidation(true, null, null);
    }

    /// <summary>
    /// start: the Graph reference says it clears a quarantine (which comes back on the next cycle if its cause remains).
    /// Never a restart with a reset scope: Full takes options documented as DO NOT USE, and the held-back deletions.
    /// </summary>
    public static async Task StartAsync(GraphConnection graph, string spId, string jobId, OperationLog log, CancellationToken cancel) =>
        await graph.SendAsync(HttpMethod.Post, GraphWire.Start(spId, jobId), null, log, cancel).ConfigureAwait(false);

    /// <summary>The admin's explicit choice only: restart with ForceDeletes, which carries out the deletions the threshold held back.</summary>
    public static async Task ReleaseDeletesAsync(GraphConnection graph, string spId, string jobId, OperationLog log, CancellationToken cancel)
    {
        JObject body = new() { [GraphWire.Criteria] = new JObject { [GraphWire.ResetScope] = GraphWire.ForceDeletesScope } };
        await graph.SendAsync(HttpMethod.Post, GraphWire.Restart(spId, jobId), body, log, cancel).ConfigureAwait(false);
    }

    /// <summary>Quarantined by the accidental-deletions threshold: deletions are held back until an admin allows them.</summary>
    public static bool HoldsDeletes(ZiaScimEntraProvisioning job) =>
        string.Equals(job.Status, GraphWire.StatusQuarantine, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(job.QuarantineReason, GraphWire.TooManyDeletes, StringComparison.OrdinalIgnoreCase);

    /// <summary>What a TooManyDeletes quarantine holds back and since when, from the job's status.</summary>
    public static string DescribeHeldDeletes(ZiaScimEntraProvisioning job)
    {
        string held = job.CountEscrowed is { } n ? $"{n} held back" : "the count of held-back deletions not reported";
        string since = job.QuarantineSince is { } began ? $" since {began:u}" : string.Empty;
        string said = job.QuarantineMessage is { Length: > 0 } m ? $": {m}" : ".";
        return $"Entra ID quarantined the provisioning job {job.JobId} for too many deletes{since}, {held}{said}";
    }

    private static IEnumerable<JToken> Values(JToken? json) => Child(json, GraphWire.Value) as JArray ?? new JArray();

    private static EntraServicePrincipal ToServicePrincipal(JObject? o)
    {
        string? id = (string?)o?[GraphWire.Id];
        if (string.IsNullOrEmpty(id))
        {
            throw new ZiaException("EntraUnexpectedResponse", ErrorCategory.InvalidResult, "Microsoft Graph answered a service principal without an id.");
        }
        return new EntraServicePrincipal(id!, (string?)o![GraphWire.AppId], (string?)o[GraphWire.DisplayName]);
    }

    private static ZiaScimEntraProvisioning ToModel(EntraServicePrincipal sp, JObject job)
    {
        JToken? status = Child(job, GraphWire.Status);
        JToken? last = Child(status, GraphWire.LastExecution);
        JToken? quarantine = Child(status, GraphWire.Quarantine);
        return new ZiaScimEntraProvisioning
        {
            ServicePrincipalId = sp.Id,
            DisplayName = sp.DisplayName,
            AppId = sp.AppId,
            JobId = (string?)Child(job, GraphWire.Id),
            TemplateId = (string?)Child(job, GraphWire.TemplateId),
            Status = (string?)Child(status, GraphWire.Code),
            LastRunState = Text(Child(last, GraphWire.State)),
            LastRunStarted = Date(Child(last, GraphWire.TimeBegan)),
            LastRunEnded = Date(Child(last, GraphWire.TimeEnded)),
            LastRunError = Text(Child(Child(last, GraphWire.Error), GraphWire.Message)),
            LastSuccessfulRun = Date(Child(Child(status, GraphWire.LastSuccessfulExecution), GraphWire.TimeEnded)),
            CountEntitled = Number(Child(last, GraphWire.CountEntitled)),
            CountExported = Number(Child(last, GraphWire.CountExported)),
            QuarantineReason = Text(Child(quarantine, GraphWire.Reason)),
            // seriesBegan: when the quarantine was first imposed; currentBegan moves with each failed re-evaluation.
            QuarantineSince = Date(Child(quarantine, GraphWire.SeriesBegan)),
            QuarantineMessage = Text(Child(Child(quarantine, GraphWire.Error), GraphWire.Message)),
            CountEscrowed = Number(Child(last, GraphWire.CountEscrowed)),
            SteadyStateSince = Date(Child(status, GraphWire.SteadyStateFirstAchievedTime)),
        };
    }

    // Graph writes null for an absent object ("quarantine": null): read children only of objects.
    private static JToken? Child(JToken? token, string name) => token is JObject o ? o[name] : null;

    private static string? Text(JToken? token) => token is JValue { Type: JTokenType.String } v && ((string?)v)!.Length > 0 ? (string?)v : null;

    private static long? Number(JToken? token) => token is JValue { Type: JTokenType.Integer or JTokenType.Float } v ? Convert.ToInt64(v.Value, CultureInfo.InvariantCulture) : null;

    // Graph writes 0001-01-01T00:00:00Z for "never".
    private static DateTime? Date(JToken? token) =>
        Text(token) is { } s && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime d) && d.Year > 1
            ? d
            : null;
}
