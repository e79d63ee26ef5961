using System;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using ZscalerScim.Internal;
using static ZscalerScim.Entra.EntraProvisioning;

namespace ZscalerScim.Entra;

/// <summary>
/// Provision on demand: one user through the job now (POST .../provisionOnDemand), with the rule id read from the job's
/// schema, at Graph's 5 requests per 10 seconds; the answer's JSON strings are read into a typed result.
/// </summary>
internal static class EntraOnDemand
{
    /// <summary>The job's user rule: the synchronizationRule whose object mappings start from User.</summary>
    public static async Task<string> UserRuleIdAsync(GraphConnection graph, string spId, string jobId, OperationLog log, CancellationToken cancel)
    {
        ApiResponse answer = await graph.SendAsync(HttpMethod.Get, GraphWire.Schema(spId, jobId), null, log, cancel).ConfigureAwait(false);
        JArray rules = Child(answer.Json, GraphWire.SynchronizationRules) as JArray ?? new JArray();
        JObject? rule = rules.OfType<JObject>().FirstOrDefault(r => (Child(r, GraphWire.ObjectMappings) as JArray ?? new JArray()).OfType<JObject>()
                            .Any(m => string.Equals(Text(Child(m, GraphWire.SourceObjectName)), GraphWire.UserObject, StringComparison.OrdinalIgnoreCase)))
                        ?? (rules.Count == 1 ? rules[0] as JObject : null);
        return Text(Child(rule, GraphWire.Id)) ?? throw new ZiaException("EntraSchemaUnexpected", ErrorCategory.InvalidResult,
            $"The schema of provisioning job {jobId} names no synchronization rule for users, so provision on demand has no rule id. Nothing was provisioned.", jobId);
    }

    /// <summary>A user by object id or userPrincipalName: its object id and UPN.</summary>
    public static async Task<(string Id, string? Upn)> ResolveUserAsync(GraphConnection graph, string idOrUpn, OperationLog log, CancellationToken cancel)
    {
        try
        {
            ApiResponse answer = await graph.SendAsync(HttpMethod.Get, GraphWire.User(idOrUpn.Trim()), null, log, cancel).ConfigureAwait(false);
            return (Text(Child(answer.Json, GraphWire.Id)) ?? idOrUpn, Text(Child(answer.Json, GraphWire.UserPrincipalName)));
        }
        catch (ZiaException ex) when (ex.StatusCode == 404)
        {
            throw new ZiaException("EntraUserNotFound", ErrorCategory.ObjectNotFound,
                $"Entra ID has no user '{idOrUpn}'. Give the user's object id or userPrincipalName. Nothing was provisioned.", idOrUpn, ex);
        }
        catch (ZiaException ex) when (ex.StatusCode == 403 && Guid.TryParse(idOrUpn, out _))
        {
            // Reading users needs User.Read.All; an object id can be sent without it.
            log.Verbose($"Could not read user {idOrUpn} ({ex.ErrorId}); sending the object id as given.");
            return (idOrUpn, null);
        }
    }

    /// <summary>One request, throttled to Graph's documented 5 per 10 seconds; Entra ID's refusal of the user is a result, not an error.</summary>
    public static async Task<ZiaScimEntraOnDemandResult> ProvisionAsync(GraphConnection graph, string spId, string jobId, string ruleId, string userId, OperationLog log, CancellationToken cancel)
    {
        JObject body = new()
        {
            [GraphWire.Parameters] = new JArray(new JObject
            {
                [GraphWire.Subjects] = new JArray(new JObject { [GraphWire.ObjectId] = userId, [GraphWire.ObjectTypeName] = GraphWire.UserObject }),
                [GraphWire.RuleId] = ruleId,
            }),
        };
        ApiResponse answer = await graph.Pipeline.SendAsync(new ApiRequest(HttpMethod.Post, new Uri(graph.Root, GraphWire.ProvisionOnDemand(spId, jobId)))
        {
            Json = body,
            Buckets = new[] { ServiceLimits.GraphProvisionOnDemand },
        }, log, cancel).ConfigureAwait(false);
        ZiaScimEntraOnDemandResult result = Read(answer.Json);
        result.ServicePrincipalId = spId;
        result.JobId = jobId;
        result.UserId = userId;
        return result;
    }

    /// <summary>
    /// The stringKeyStringValuePair: key and value are JSON strings. Whichever holds them, the result and details
    /// (errorCode), the provisioning steps and the status are read by name; a part that is not JSON is kept as the reason.
    /// </summary>
    internal static ZiaScimEntraOnDemandResult Read(JToken? answer)
    {
        JObject merged = new();
        string? unreadable = null;
        foreach (string part in new[] { GraphWire.Key, GraphWire.Value })
        {
            string? text = Text(Child(answer, part));
            if (text is null)
            {
                continue;
            }
            try
            {
                if (JToken.Parse(text) is JObject o)
                {
                    merged.Merge(o);
                }
            }
            catch (JsonException)
            {
                unreadable ??= text;
            }
        }
        if (!merged.HasValues && unreadable is null)
        {
            throw new ZiaException("EntraUnexpectedResponse", ErrorCategory.InvalidResult,
                "Microsoft Graph answered provisionOnDemand without the documented key and value; the user may or may not have been provisioned: check Get-ZiaScimEntraProvisioningLog.");
        }
        JToken? details = Child(merged, GraphWire.Details);
        JToken? statusInfo = Child(merged, GraphWire.StatusInfo);
        JToken? error = Child(statusInfo, GraphWire.ErrorInformation);
        return new ZiaScimEntraOnDemandResult
        {
            Result = Text(Child(merged, GraphWire.Result)) ?? Text(Child(statusInfo, GraphWire.Status)),
            Action = Text(Child(merged, GraphWire.ProvisioningAction)),
            ErrorCode = Text(Child(details, GraphWire.ErrorCode)) ?? Text(Child(error, GraphWire.ErrorCode)),
            Reason = Text(Child(details, GraphWire.Reason)) ?? Text(Child(error, GraphWire.Reason)) ?? unreadable,
            Steps = EntraReports.Steps(Child(merged, GraphWire.ProvisioningSteps), GraphWire.Type),
            UserPrincipalName = Text(Child(Child(merged, GraphWire.SourceIdentity), GraphWire.DisplayName)),
        };
    }
}
