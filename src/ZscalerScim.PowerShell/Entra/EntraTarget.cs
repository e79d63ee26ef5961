using System;
using System.Collections.Generic;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Idp;
using ZscalerScim.Internal;

namespace ZscalerScim.Entra;

/// <summary>An Entra ID enterprise application's provisioning job as the IdP side of a SCIM setup (<see cref="IIdpTarget"/>).</summary>
internal sealed class EntraTarget : IIdpTarget
{
    // validateCredentials and the secrets need the write permission; the job's status, the read one.
    internal const string WritePermission = "Synchronization.ReadWrite.All";
    internal const string ReadPermission = "Synchronization.Read.All";

    private readonly GraphConnection _graph;

    private EntraTarget(GraphConnection graph, EntraServicePrincipal sp, ZiaScimEntraProvisioning job)
    {
        _graph = graph;
        ServicePrincipal = sp;
        Job = job;
    }

    /// <summary>The application by object id or display name, and its job (the only one, or <paramref name="jobId"/>).</summary>
    public static async Task<EntraTarget> ResolveAsync(GraphConnection graph, string servicePrincipal, string? jobId, OperationLog log, CancellationToken cancel)
    {
        EntraServicePrincipal sp = await EntraProvisioning.ResolveServicePrincipalAsync(graph, servicePrincipal, log, cancel).ConfigureAwait(false);
        ZiaScimEntraProvisioning job = await EntraProvisioning.FindJobAsync(graph, sp, jobId, log, cancel).ConfigureAwait(false);
        return new EntraTarget(graph, sp, job);
    }

    public EntraServicePrincipal ServicePrincipal { get; }

    /// <summary>The job as it was when the target was resolved.</summary>
    public ZiaScimEntraProvisioning Job { get; }

    public string JobId => Job.JobId!;

    public string Name => $"Entra ID: {ServicePrincipal.DisplayName ?? ServicePrincipal.Id}";

    public string SetCommand(Uri baseUrl) => $"Set-ZiaScimEntraProvisioning -ServicePrincipal '{ServicePrincipal.Id}' -BaseUrl {baseUrl}";

    public async Task<string?> WriteAsync(Uri baseUrl, SecureString token, OperationLog log, CancellationToken cancel)
    {
        EntraProvisioning.CheckCredentials(baseUrl, token, null);
        CredentialWrite written = await EntraProvisioning.WriteCredentialsAsync(_graph, ServicePrincipal.Id, baseUrl, token, log, cancel).ConfigureAwait(false);
        log.Verbose($"Entra ID holds the SCIM base URL {baseUrl} and the new token; secrets keys now: {string.Join(", ", written.KeysAfter)}.");
        return written.LostKeys.Count == 0
            ? null
            : $"Writing the credentials removed {string.Join(", ", written.LostKeys)} from the provisioning job of {ServicePrincipal} (it held {string.Join(", ", written.KeysBefore)}). " +
              "SyncNotificationSettings holds the notification email and the accidental-deletions threshold: set them again under Provisioning > Settings in the Entra admin center.";
    }

    /// <summary>Entra ID itself calls the SCIM server with what it saved.</summary>
    public async Task<string?> ValidateAsync(Uri baseUrl, SecureString token, OperationLog log, CancellationToken cancel)
    {
        EntraValidation answer = await EntraProvisioning.ValidateAsync(_graph, ServicePrincipal.Id, JobId, log, cancel).ConfigureAwait(false);
        return answer.Succeeded ? null : $"Entra ID's test of the saved credentials failed: {answer.Message}";
    }

    public async Task<IReadOnlyList<ZiaScimSetupLink>> ReadHealthAsync(IdpHealthQuery query, OperationLog log, CancellationToken cancel) => new[]
    {
        await EntraHealth.EndpointAsync(_graph, this, query, log, cancel).ConfigureAwait(false),
        await EntraHealth.JobAsync(_graph, this, log, cancel).ConfigureAwait(false),
    };

    public override string ToString() => Name;
}
