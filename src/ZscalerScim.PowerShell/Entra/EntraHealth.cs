using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Idp;
using ZscalerScim.Internal;

namespace ZscalerScim.Entra;

/// <summary>The Entra ID job's two links of the chain: does it hold a working URL and token, and how did it run. Read only.</summary>
internal static class EntraHealth
{
    /// <summary>validateCredentials with the saved credentials, and the saved BaseAddress against ZIA's when Graph shows it.</summary>
    public static async Task<ZiaScimSetupLink> EndpointAsync(GraphConnection graph, EntraTarget target, IdpHealthQuery query, OperationLog log, CancellationToken cancel)
    {
        const string link = IdpLinks.EndpointAndToken;
        string who = target.Name;
        string fix = query.ExpectedBaseUrl is { } url
            ? $"Set-ZiaScimEntraProvisioning -ServicePrincipal '{target.ServicePrincipal.Id}' -IdentityProvider <ZIA identity provider> -Validate (writes {url} and ZIA's token), or Update-ZiaScimBearerToken to rotate"
            : $"Set-ZiaScimEntraProvisioning -ServicePrincipal '{target.ServicePrincipal.Id}' -IdentityProvider <ZIA identity provider> -Validate";

        string? saved;
        EntraValidation answer;
        try
        {
            saved = await EntraProvisioning.ReadSavedBaseAddressAsync(graph, target.ServicePrincipal.Id, log, cancel).ConfigureAwait(false);
            answer = await EntraProvisioning.ValidateAsync(graph, target.ServicePrincipal.Id, target.JobId, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex)
        {
            return IdpLinks.NotRead(link, ex, EntraTarget.WritePermission, who);
        }

        string address = saved is null ? "saved BaseAddress masked by Graph (compared through Entra ID's test only)" : $"saved BaseAddress {saved}";
        if (!answer.Succeeded)
        {
            return IdpLinks.Fail(link, $"validateCredentials (saved credentials): refused; {address}",
                $"Entra ID cannot reach the SCIM server with the URL and token it holds: {IdpLinks.OneLine(answer.Message ?? answer.Code ?? "no reason given")}. " +
                "A token rotated in ZIA but not in Entra ID gives a 401.",
                fix, who);
        }
        if (saved is not null && query.ExpectedBaseUrl is { } expected && !IdpLinks.SameBaseUrl(saved, expected))
        {
            return IdpLinks.Fail(link, $"validateCredentials (saved credentials): accepted; {address}, ZIA's is {expected}",
                "Entra ID provisions to another SCIM base URL than this identity provider's (another identity provider or tenant).", fix, who);
        }
        return IdpLinks.Pass(link, $"validateCredentials (saved credentials): accepted; {address}", who);
    }

    /// <summary>The job's status: code, quarantine (reason, since when, how often), the last run's state and counts, escrows, consecutive failures.</summary>
    public static async Task<ZiaScimSetupLink> JobAsync(GraphConnection graph, EntraTarget target, OperationLog log, CancellationToken cancel)
    {
        const string link = IdpLinks.JobHealth;
        string who = $"{target.Name}, job {target.JobId}";
        ZiaScimEntraProvisioning job;
        try
        {
            job = await EntraProvisioning.GetJobAsync(graph, target.ServicePrincipal, target.JobId, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex)
        {
            return IdpLinks.NotRead(link, ex, EntraTarget.ReadPermission, who);
        }

        string evidence = Describe(job);
        string sp = target.ServicePrincipal.Id;
        string logs = $"Get-ZiaScimEntraProvisioningLog -ServicePrincipal '{sp}'";
        switch (job.Status)
        {
            case GraphWire.StatusQuarantine:
                return IdpLinks.Fail(link, evidence, $"Entra ID quarantined the job ({job.QuarantineReason}{(job.QuarantineSince is { } since ? $" since {since:u}" : string.Empty)}): " +
                    $"{IdpLinks.OneLine(job.QuarantineMessage ?? job.LastRunError ?? "no message")}", QuarantineFix(job, sp, logs), who);
            case GraphWire.StatusNotConfigured:
                return IdpLinks.Fail(link, evidence, "the job holds no SCIM URL and token", $"Set-ZiaScimEntraProvisioning -ServicePrincipal '{sp}' -IdentityProvider <ZIA identity provider> -StartJob", who);
            case GraphWire.StatusPaused:
                return IdpLinks.Fail(link, evidence, "the job is paused: Entra ID provisions nothing", $"Set-ZiaScimEntraProvisioning -ServicePrincipal '{sp}' -IdentityProvider <ZIA identity provider> -StartJob (or Start provisioning in the Entra admin center)", who);
            case GraphWire.StatusNotRun:
                return IdpLinks.Warning(link, evidence, "the job has never run", $"Set-ZiaScimEntraProvisioning -ServicePrincipal '{sp}' -IdentityProvider <ZIA identity provider> -StartJob", who);
        }
        if (string.Equals(job.LastRunState, GraphWire.RunFailed, StringComparison.OrdinalIgnoreCase))
        {
            return IdpLinks.Fail(link, evidence, $"the last run failed: {IdpLinks.OneLine(job.LastRunError ?? "no message")}", $"{logs}, then Restart-ZiaScimEntraProvisioning -ServicePrincipal '{sp}'", who);
        }
        if (job.CountEscrowed is > 0 || job.ConsecutiveFailures is > 0 || job.EscrowsPruned ||
            string.Equals(job.LastRunState, GraphWire.RunEntryLevelErrors, StringComparison.OrdinalIgnoreCase))
        {
            return IdpLinks.Warning(link, evidence, "the last run left changes it could not export (escrowed: retried on the next cycles)", $"{logs} names each one and the ZIA rule behind it", who);
        }
        return IdpLinks.Pass(link, evidence, who);
    }

    private static string QuarantineFix(ZiaScimEntraProvisioning job, string sp, string logs) => job.QuarantineReason switch
    {
        GraphWire.TooManyDeletes => $"review the held deletions ({logs} -Status All); if they are meant, Set-ZiaScimEntraProvisioning -ServicePrincipal '{sp}' -IdentityProvider <ZIA identity provider> -ReleaseDeleteQuarantine; if not, fix the assignments or scoping in Entra ID",
        GraphWire.QuarantineException => $"give Entra ID ZIA's current URL and token (Set-ZiaScimEntraProvisioning -ServicePrincipal '{sp}' -IdentityProvider <ZIA identity provider> -Validate, or Update-ZiaScimBearerToken), then Restart-ZiaScimEntraProvisioning -ServicePrincipal '{sp}'",
        _ => $"{logs} names the failures; fix their cause, then Restart-ZiaScimEntraProvisioning -ServicePrincipal '{sp}'",
    };

    /// <summary>One line: names and counts only.</summary>
    private static string Describe(ZiaScimEntraProvisioning job)
    {
        List<string> parts = new() { $"status {job.Status ?? "unknown"}" };
        if (job.QuarantineReason is { } reason)
        {
            parts.Add($"quarantine {reason}" + (job.QuarantineSince is { } since ? $" since {since:u}" : string.Empty) +
                (job.QuarantineCount is { } n ? $" ({n} re-evaluations)" : string.Empty) + (job.QuarantineNextAttempt is { } next ? $", next attempt {next:u}" : string.Empty));
        }
        parts.Add(job.LastRunState is { } state
            ? $"last run {state}" + (job.LastRunEnded is { } ended ? $" at {ended:u}" : string.Empty) +
              $": exported {job.CountExported ?? 0} of {job.CountEntitled ?? 0} in scope, escrowed {job.CountEscrowed ?? 0}"
            : "never ran");
        if (job.ConsecutiveFailures is > 0)
        {
            parts.Add($"{job.ConsecutiveFailures} failed runs in a row");
        }
        if (job.EscrowsPruned)
        {
            parts.Add("escrows pruned");
        }
        return string.Join("; ", parts);
    }
}
