using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using ZscalerScim.Internal;
using static ZscalerScim.Entra.EntraProvisioning;

namespace ZscalerScim.Entra;

/// <summary>Entra ID's provisioning logs of one job (GET /auditLogs/provisioning), read page by page. Read only.</summary>
internal static class EntraReports
{
    internal const string LogPermission = "AuditLog.Read.All";

    /// <summary>The job's records between since and until, of one status (lower case: the filter is case-sensitive) or all.</summary>
    public static async Task<IReadOnlyList<ZiaScimEntraProvisioningLog>> LogsAsync(GraphConnection graph, string jobId, DateTime since, DateTime until, string? status,
        OperationLog log, CancellationToken cancel)
    {
        List<ZiaScimEntraProvisioningLog> found = new();
        Uri? next = new(graph.Root, GraphWire.ProvisioningLogs(jobId, since, until, status));
        try
        {
            while (next is not null)
            {
                ApiResponse page = await graph.GetAsync(next, log, cancel).ConfigureAwait(false);
                found.AddRange(Values(page.Json).OfType<JObject>().Select(ToLog));
                // Only a link on Graph's own origin is followed with the token.
                next = graph.SameOrigin(Text(Child(page.Json, GraphWire.NextLink)));
                if (next is not null)
                {
                    log.Verbose($"{found.Count} provisioning log records so far; reading the next page.");
                }
            }
        }
        catch (ZiaException ex) when (ex.StatusCode == 403)
        {
            throw new ZiaException("EntraAuditLogAccessDenied", ErrorCategory.PermissionDenied,
                $"Microsoft Graph refused the provisioning logs: the identity lacks {LogPermission} (application permission, with admin consent; Directory.Read.All is needed beside it, or the newer ProvisioningLog.Read.All). {ex.Message}",
                jobId, ex) { StatusCode = 403, ServiceCode = ex.ServiceCode };
        }
        return found;
    }

    internal static ZiaScimEntraProvisioningLog ToLog(JObject o)
    {
        JToken? info = Child(o, GraphWire.ProvisioningStatusInfo);
        JToken? error = Child(info, GraphWire.ErrorInformation);
        return new ZiaScimEntraProvisioningLog
        {
            Id = Text(Child(o, GraphWire.Id)),
            ActivityDateTime = Date(Child(o, GraphWire.ActivityDateTime)),
            Action = Text(Child(o, GraphWire.ProvisioningAction)),
            Status = Text(Child(info, GraphWire.Status)),
            ErrorCode = Text(Child(error, GraphWire.ErrorCode)),
            Reason = Text(Child(error, GraphWire.Reason)) ?? Text(Child(error, GraphWire.AdditionalDetails)),
            ErrorCategory = Text(Child(error, GraphWire.ErrorCategory)),
            RecommendedAction = Text(Child(error, GraphWire.RecommendedAction)),
            SourceUser = Text(Child(Child(o, GraphWire.SourceIdentity), GraphWire.DisplayName)),
            SourceId = Text(Child(Child(o, GraphWire.SourceIdentity), GraphWire.Id)),
            TargetUser = Text(Child(Child(o, GraphWire.TargetIdentity), GraphWire.DisplayName)),
            TargetId = Text(Child(Child(o, GraphWire.TargetIdentity), GraphWire.Id)),
            JobId = Text(Child(o, GraphWire.JobIdField)),
            CycleId = Text(Child(o, GraphWire.CycleId)),
            ChangeId = Text(Child(o, GraphWire.ChangeId)),
            Steps = Steps(Child(o, GraphWire.ProvisioningSteps), GraphWire.ProvisioningStepType),
        };
    }

    /// <summary>provisioningSteps: the logs name the type provisioningStepType, provision-on-demand's answer names it type.</summary>
    internal static IReadOnlyList<ZiaScimProvisioningStep> Steps(JToken? steps, string typeField) =>
        (steps as JArray ?? new JArray()).OfType<JObject>().Select(s => new ZiaScimProvisioningStep(
            Text(Child(s, GraphWire.Name)),
            Text(Child(s, typeField)) ?? Text(Child(s, GraphWire.Type)) ?? Text(Child(s, GraphWire.ProvisioningStepType)),
            Text(Child(s, GraphWire.Status)),
            Text(Child(s, GraphWire.Description)),
            Date(Child(s, GraphWire.Timestamp)))).ToList();
}
