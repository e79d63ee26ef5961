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

    public JsonObject ToGraph() => new() { ["id"] = Id, ["appId"] = AppId, ["displayName"] = DisplayName, ["servicePrincipalType"] = "Application" };
}

/// <summary>A provisioning (synchronization) job and its status as Graph reports it.</summary>
public sealed class EntraJob
{
    public required string Id { get; init; }
    public required string TemplateId { get; init; }
    public string Code { get; set; } = "NotConfigured";
    public JsonObject? LastExecution { get; set; }
    public JsonObject? LastSuccessfulExecution { get; set; }
    public JsonObject? Quarantine { get; set; }
    public string? SteadyStateFirstAchievedTime { get; set; }
    public int Runs { get; set; }
    public int RunsCompleted { get; set; }

    /// <summary>The users this job has exported (by userPrincipalName): unassigning one makes it a deletion of the next cycle.</summary>
    public HashSet<string> Provisioned { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Set by a restart whose resetScope holds ForceDeletes (or Full, "all of the options"): the next cycle carries out
    /// the deletions the accidental-deletions threshold held back.</summary>
    public bool ForceDeletes { get; set; }

    public JsonObject ToGraph() => new()
    {
        ["id"] = Id,
        ["templateId"] = TemplateId,
        ["schedule"] = new JsonObject { ["interval"] = "PT40M", ["state"] = Code == "Paused" ? "Paused" : "Active" },
        ["status"] = new JsonObject
        {
            ["code"] = Code,
            ["lastExecution"] = LastExecution?.DeepClone(),
            ["lastSuccessfulExecution"] = LastSuccessfulExecution?.DeepClone(),
            ["quarantine"] = Quarantine?.DeepClone(),
            ["steadyStateFirstAchievedTime"] = SteadyStateFirstAchievedTime ?? "0001-01-01T00:00:00Z",
        },
    };
}

/// <summary>An Entra ID user assigned to the enterprise applications (every seeded app: one assignment list).</summary>
public sealed record EntraUser(string Id, string UserPrincipalName, string DisplayName, string? GivenName, string? Surname, string? Department);
