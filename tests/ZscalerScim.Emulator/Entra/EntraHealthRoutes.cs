using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ZscalerScim.Emulator.Http;

namespace ZscalerScim.Emulator.Entra;

/// <summary>
/// Graph's reads of provisioning health and the one-user action: GET /auditLogs/provisioning (provisioningObjectSummary,
/// $filter with case-sensitive values, $top, @odata.nextLink), GET /users/{id}, a job's schema, and provisionOnDemand
/// (5 requests per 10 seconds; the answer a stringKeyStringValuePair of JSON strings).
/// </summary>
public static partial class EntraHealthRoutes
{
    private const int DefaultTop = 50, MaxTop = 1000;

    /// <summary>The permission a Graph call needs (the one "deniedPermissions" can take away), or null.</summary>
    public static string? Permission(string method, string path)
    {
        if (path.StartsWith(EntraPaths.Graph + "/auditLogs", StringComparison.OrdinalIgnoreCase))
        {
            return "AuditLog.Read.All";
        }
        if (path.StartsWith(EntraPaths.Graph + "/users", StringComparison.OrdinalIgnoreCase))
        {
            return "User.Read.All";
        }
        if (path.Contains("/synchronization", StringComparison.OrdinalIgnoreCase))
        {
            return HttpMethods.IsGet(method) && !path.EndsWith("/secrets", StringComparison.OrdinalIgnoreCase) ? "Synchronization.Read.All" : "Synchronization.ReadWrite.All";
        }
        return null;
    }

    public static void Map(RouteGroupBuilder graph)
    {
        graph.MapGet("/auditLogs/provisioning", (HttpContext http, EntraState entra) =>
        {
            var query = http.Request.Query;
            var conditions = new List<Func<JsonObject, bool>>();
            var filter = query["$filter"].ToString();
            if (filter.Length > 0)
            {
                foreach (var clause in AndSplit().Split(filter))
                {
                    if (Condition(clause.Trim()) is not { } test)
                    {
                        return EntraPaths.Error(400, "BadRequest", $"Invalid filter clause '{clause.Trim()}'.");
                    }
                    conditions.Add(test);
                }
            }
            var top = DefaultTop;
            if (query["$top"].ToString() is { Length: > 0 } t && (!int.TryParse(t, out top) || top < 1 || top > MaxTop))
            {
                return EntraPaths.Error(400, "BadRequest", $"Invalid $top value '{t}': 1 to {MaxTop}.");
            }
            top = Math.Min(top, entra.ProvisioningLogsPageSize);
            var skip = int.TryParse(query["$skiptoken"].ToString(), out var s) ? s : 0;
            var matching = entra.ProvisioningLogs().Where(r => conditions.All(c => c(r))).ToList();
            var page = matching.Skip(skip).Take(top).Select(r => (JsonNode)r.DeepClone());
            var answer = new JsonObject
            {
                ["@odata.context"] = $"{Origin(http)}{EntraPaths.Graph}/$metadata#auditLogs/provisioning",
                ["value"] = new JsonArray([.. page]),
            };
            if (skip + top < matching.Count)
            {
                answer["@odata.nextLink"] = $"{Origin(http)}{EntraPaths.Graph}/auditLogs/provisioning?$filter={Uri.EscapeDataString(filter)}&$top={top}&$skiptoken={skip + top}";
            }
            return Results.Json(answer);
        });

        graph.MapGet("/users/{id}", (string id, EntraState entra) =>
            entra.FindUser(id) is { } user
                ? Results.Json(new JsonObject { ["id"] = user.Id, ["userPrincipalName"] = user.UserPrincipalName, ["displayName"] = user.DisplayName })
                : EntraPaths.Error(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present."));

        graph.MapGet("/servicePrincipals/{id}/synchronization/jobs/{jobId}/schema", (string id, string jobId, EntraState entra) =>
            WithJob(entra, id, jobId, (sp, job) => Results.Json(job.SchemaToGraph())));

        graph.MapPost("/servicePrincipals/{id}/synchronization/jobs/{jobId}/provisionOnDemand", async (string id, string jobId, HttpContext http, EntraState entra, EntraProvisioningEngine engine) =>
        {
            if (entra.TakeOnDemand(DateTimeOffset.UtcNow) is { } wait)
            {
                http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                return EntraPaths.Error(429, "TooManyRequests", "Too many requests: provision on demand takes 5 requests per 10 seconds.");
            }
            var body = await JsonBody.ReadLenientAsync(http.Request);
            var parameter = (body?["parameters"] as JsonArray)?.FirstOrDefault() as JsonObject;
            var subject = (parameter?["subjects"] as JsonArray)?.FirstOrDefault() as JsonObject;
            var ruleId = parameter?["ruleId"]?.ToString();
            var objectId = subject?["objectId"]?.ToString();
            if (ruleId is null || objectId is null || subject?["objectTypeName"]?.ToString() != "User")
            {
                return EntraPaths.Error(400, "BadRequest", "parameters[0] needs subjects[0] {objectId, objectTypeName: \"User\"} and a ruleId.");
            }
            if (entra.Find(id) is not { } sp || sp.Jobs.FirstOrDefault(j => j.Id == jobId) is not { } job)
            {
                return EntraPaths.Error(404, "NotFound", $"The synchronization job '{jobId}' was not found.");
            }
            if (ruleId != job.RuleId)
            {
                return EntraPaths.Error(400, "BadRequest", $"The rule '{ruleId}' is not a synchronization rule of the job's schema.");
            }
            if (entra.FindUser(objectId) is not { } user || user.Id != objectId)
            {
                return EntraPaths.Error(400, "BadRequest", $"The object '{objectId}' is not a user assigned to the application.");
            }
            string? baseAddress, token;
            lock (entra.Gate)
            {
                (baseAddress, token) = (sp.Secret("BaseAddress"), sp.Secret("SecretToken"));
            }
            if (baseAddress is null || token is null)
            {
                return EntraPaths.Error(400, "BadRequest", "The job has no credentials: save the Tenant URL and Secret Token first.");
            }
            var outcome = await engine.ProvisionUserAsync(sp, job, user, baseAddress, token, Guid.NewGuid().ToString());
            return Results.Json(OnDemandAnswer(user, outcome));
        });
    }

    // The documented answer: key and value are JSON strings. Here key holds the result and its details, value the steps.
    private static JsonObject OnDemandAnswer(EntraUser user, EntraProvisioningEngine.UserOutcome outcome)
    {
        var record = outcome.Record;
        var status = outcome.Fatal is not null ? "failure" : record?["provisioningStatusInfo"]?["status"]?.ToString() ?? "failure";
        var error = record?["provisioningStatusInfo"]?["errorInformation"];
        var result = status switch { "success" => "Success", "skipped" => "Skipped", "warning" => "Warning", _ => "Failure" };
        var key = new JsonObject
        {
            ["result"] = result,
            ["details"] = new JsonObject
            {
                ["errorCode"] = outcome.Fatal is not null ? "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable"
                    : status == "skipped" ? "RedundantExport" : error?["errorCode"]?.ToString(),
                ["reason"] = outcome.Fatal ?? error?["reason"]?.ToString(),
            },
        };
        var steps = new JsonArray();
        foreach (var step in (record?["provisioningSteps"] as JsonArray ?? []).OfType<JsonObject>())
        {
            steps.Add(new JsonObject
            {
                ["name"] = step["name"]?.ToString(),
                ["type"] = step["provisioningStepType"]?.ToString(),
                ["status"] = step["status"]?.ToString(),
                ["description"] = step["description"]?.ToString(),
                ["timestamp"] = record!["activityDateTime"]?.ToString(),
                ["details"] = new JsonObject(),
            });
        }
        var value = new JsonObject
        {
            ["provisioningSteps"] = steps,
            ["provisioningAction"] = record?["provisioningAction"]?.ToString() ?? "other",
            ["sourceIdentity"] = new JsonObject { ["id"] = user.Id, ["displayName"] = user.UserPrincipalName },
            ["statusInfo"] = new JsonObject { ["status"] = result },
        };
        return new JsonObject
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.stringKeyStringValuePair",
            ["key"] = key.ToJsonString(),
            ["value"] = value.ToJsonString(),
        };
    }

    private static Func<JsonObject, bool>? Condition(string clause)
    {
        var time = TimeClause().Match(clause);
        if (time.Success)
        {
            if (!DateTimeOffset.TryParse(time.Groups[2].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return null;
            }
            var op = time.Groups[1].Value;
            return r => DateTimeOffset.TryParse(r["activityDateTime"]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when) && op switch
            {
                "ge" => when >= at, "gt" => when > at, "le" => when <= at, _ => when < at,
            };
        }
        var eq = EqClause().Match(clause);
        if (!eq.Success)
        {
            return null;
        }
        var value = eq.Groups[2].Value.Replace("''", "'");
        Func<JsonObject, string?> read = eq.Groups[1].Value switch
        {
            "jobId" => r => r["jobId"]?.ToString(),
            "servicePrincipal/id" => r => r["servicePrincipal"]?["id"]?.ToString(),
            "provisioningAction" => r => r["provisioningAction"]?.ToString(),
            "provisioningStatusInfo/status" => r => r["provisioningStatusInfo"]?["status"]?.ToString(),
            "sourceIdentity/id" => r => r["sourceIdentity"]?["id"]?.ToString(),
            _ => _ => null,
        };
        // The documented filter values are case-sensitive: 'Failure' matches nothing.
        return r => string.Equals(read(r), value, StringComparison.Ordinal);
    }

    private static IResult WithJob(EntraState entra, string id, string jobId, Func<EntraServicePrincipal, EntraJob, IResult> act)
    {
        if (entra.Find(id) is not { } sp)
        {
            return EntraPaths.Error(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");
        }
        lock (entra.Gate)
        {
            return sp.Jobs.FirstOrDefault(j => j.Id == jobId) is { } job ? act(sp, job) : EntraPaths.Error(404, "NotFound", $"The synchronization job '{jobId}' was not found.");
        }
    }

    private static string Origin(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSplit();

    [GeneratedRegex(@"^activityDateTime\s+(ge|gt|le|lt)\s+(\S+)$")]
    private static partial Regex TimeClause();

    [GeneratedRegex(@"^(jobId|servicePrincipal/id|provisioningAction|provisioningStatusInfo/status|sourceIdentity/id)\s+eq\s+'((?:[^']|'')*)'$")]
    private static partial Regex EqClause();
}
