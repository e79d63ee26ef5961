using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Entra;

/// <summary>An enterprise application: its service principal, provisioning jobs and the jobs' secrets collection.</summary>
public sealed class EntraServicePrincipal
{
    public required string Id { get; init; }
    public required string AppId { get; init; }
    public required string DisplayName { get; init; }
    public List<EntraJob> Jobs { get; } = [];

    /// <summary>The synchronization secrets, key to value, in the order written (values never leave through Graph).</summary>
    public List<KeyValuePair<string, string>> Secrets { get; } = [];

    public string? Secret(string key) => Secrets.FirstOrDefault(s => s.Key.Equals(key, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>
    /// The properties a GET answers without $select (v1.0 servicePrincipal): the ones Graph's metadata marks non-nullable
    /// always carry a value (collections at least []), the nullable ones are written as null.
    /// </summary>
    public JsonObject ToGraph() => new()
    {
        ["id"] = Id,
        ["deletedDateTime"] = null,
        ["accountEnabled"] = true,
        ["addIns"] = new JsonArray(),
        ["alternativeNames"] = new JsonArray(),
        ["appDescription"] = null,
        ["appDisplayName"] = DisplayName,
        ["appId"] = AppId,
        ["applicationTemplateId"] = null,
        ["appOwnerOrganizationId"] = null,
        ["appRoleAssignmentRequired"] = true,
        ["appRoles"] = new JsonArray(),
        ["description"] = null,
        ["disabledByMicrosoftStatus"] = null,
        ["displayName"] = DisplayName,
        ["homepage"] = null,
        ["info"] = null,
        ["keyCredentials"] = new JsonArray(),
        ["loginUrl"] = null,
        ["logoutUrl"] = null,
        ["notes"] = null,
        ["notificationEmailAddresses"] = new JsonArray(),
        ["oauth2PermissionScopes"] = new JsonArray(),
        ["passwordCredentials"] = new JsonArray(),
        ["preferredSingleSignOnMode"] = null,
        ["preferredTokenSigningKeyThumbprint"] = null,
        ["replyUrls"] = new JsonArray(),
        ["resourceSpecificApplicationPermissions"] = new JsonArray(),
        ["samlSingleSignOnSettings"] = null,
        ["servicePrincipalNames"] = new JsonArray(AppId),
        ["servicePrincipalType"] = "Application",
        ["signInAudience"] = "AzureADMyOrg",
        ["tags"] = new JsonArray("WindowsAzureActiveDirectoryIntegratedApp"),
        ["tokenEncryptionKeyId"] = null,
        ["verifiedPublisher"] = null,
    };
}

/// <summary>A provisioning (synchronization) job and its status as Graph reports it.</summary>
public sealed class EntraJob
{
    public required string Id { get; init; }
    public required string TemplateId { get; init; }
    public string Code { get; set; } = "NotConfigured";
    public EntraExecution? LastExecution { get; set; }
    public EntraExecution? LastSuccessfulExecution { get; set; }
    public EntraExecution? LastSuccessfulExecutionWithExports { get; set; }
    public EntraQuarantine? Quarantine { get; set; }
    public long CountSuccessiveCompleteFailures { get; set; }
    public DateTimeOffset? SteadyStateFirstAchievedTime { get; set; }
    public DateTimeOffset? SteadyStateLastAchievedTime { get; set; }
    public int Runs { get; set; }
    public int RunsCompleted { get; set; }

    /// <summary>The users this job has exported (by userPrincipalName): unassigning one makes it a deletion of the next cycle.</summary>
    public HashSet<string> Provisioned { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Set by a restart whose resetScope holds ForceDeletes (or Full, "all of the options"): the next cycle carries out
    /// the deletions the accidental-deletions threshold held back.</summary>
    public bool ForceDeletes { get; set; }

    /// <summary>Every property of synchronizationJob, synchronizationSchedule and synchronizationStatus that Graph's metadata marks non-nullable has a value.</summary>
    public JsonObject ToGraph() => new()
    {
        ["id"] = Id,
        ["templateId"] = TemplateId,
        ["schedule"] = new JsonObject { ["expiration"] = null, ["interval"] = "PT40M", ["state"] = Code == "Paused" ? "Paused" : "Active" },
        ["status"] = new JsonObject
        {
            ["code"] = Code,
            ["countSuccessiveCompleteFailures"] = CountSuccessiveCompleteFailures,
            ["escrowsPruned"] = false,
            ["lastExecution"] = LastExecution?.ToGraph(),
            ["lastSuccessfulExecution"] = LastSuccessfulExecution?.ToGraph(),
            ["lastSuccessfulExecutionWithExports"] = LastSuccessfulExecutionWithExports?.ToGraph(),
            ["progress"] = new JsonArray(),
            ["quarantine"] = Quarantine?.ToGraph(),
            ["steadyStateFirstAchievedTime"] = GraphTime.Write(SteadyStateFirstAchievedTime),
            ["steadyStateLastAchievedTime"] = GraphTime.Write(SteadyStateLastAchievedTime),
            ["synchronizedEntryCountByType"] = new JsonArray(),
            ["troubleshootingUrl"] = null,
        },
        ["synchronizationJobSettings"] = new JsonArray(),
    };
}

/// <summary>An Entra ID user assigned to the enterprise applications (every seeded app: one assignment list).</summary>
public sealed record EntraUser(string Id, string UserPrincipalName, string DisplayName, string? GivenName, string? Surname, string? Department);
