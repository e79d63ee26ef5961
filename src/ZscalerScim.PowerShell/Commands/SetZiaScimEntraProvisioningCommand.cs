using System;
using System.Management.Automation;
using System.Security;
using ZscalerScim.Entra;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Set, "ZiaScimEntraProvisioning", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = AccessTokenSet)]
[OutputType(typeof(ZiaScimEntraProvisioning))]
public sealed class SetZiaScimEntraProvisioningCommand : EntraCmdlet
{
    /// <summary>The enterprise application: its service principal's object id, or its display name (exactly one match).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ServicePrincipalId")]
    [ValidateNotNullOrEmpty]
    public string? ServicePrincipal { get; set; }

    /// <summary>The provisioning job, when the application has more than one.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? JobId { get; set; }

    /// <summary>Read the base URL and token through the ZIA admin API (Get-ZiaScimBaseUrl, Get-ZiaScimBearerToken).</summary>
    [Parameter(ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(IdentityProviderCompleter))]
    [ValidateNotNull]
    public object? IdentityProvider { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [QuietConversion(typeof(ZiaSession))]
    [ValidateNotNull]
    public ZiaSession? Session { get; set; }

    [Parameter]
    [ValidateNotNull]
    public Uri? BaseUrl { get; set; }

    [Parameter]
    [ValidateNotNull]
    public SecureString? BearerToken { get; set; }

    /// <summary>Have Entra ID test the saved credentials against the SCIM server (validateCredentials).</summary>
    [Parameter]
    public SwitchParameter Validate { get; set; }

    /// <summary>Start the provisioning job (Graph's start, which also clears a quarantine); never a job quarantined for too many deletes.</summary>
    [Parameter]
    public SwitchParameter StartJob { get; set; }

    /// <summary>
    /// Release a job that Entra ID quarantined for too many deletes: restart it with ForceDeletes, which carries out the
    /// deletions the accidental-deletions threshold held back. Confirmed as a high-impact change.
    /// </summary>
    [Parameter]
    public SwitchParameter ReleaseDeleteQuarantine { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        // A piped job (Get-ZiaScimEntraProvisioning) names the application by its properties; it is no identity provider.
        if ((IdentityProvider is PSObject ps ? ps.BaseObject : IdentityProvider) is ZiaScimEntraProvisioning)
        {
            IdentityProvider = null;
        }
        bool fromIdp = IdentityProvider is not null;
        if (fromIdp == (BaseUrl is not null || BearerToken is not null) || (!fromIdp && (BaseUrl is null || BearerToken is null)))
        {
            Fail(new ZiaException("EntraCredentialSourceRequired", ErrorCategory.InvalidArgument,
                "Give either -IdentityProvider (the URL and token are read through the ZIA admin API) or both -BaseUrl and -BearerToken. Nothing was changed."));
        }

        Uri url;
        SecureString token;
        try
        {
            if (fromIdp)
            {
                ScimConnectRequest read = ReadFromIdentityProvider();
                if (!read.IdentityProvider!.ScimProvisioning)
                {
                    WriteWarning($"SCIM provisioning is off for '{read.IdentityProvider.Name}': Entra ID's calls will fail until Enable-ZiaScimProvisioning is activated.");
                }
                (url, token) = (read.BaseUrl, read.Token);
                EntraProvisioning.CheckCredentials(url, token, read.IdentityProvider.Name);
            }
            else
            {
                (url, token) = (BaseUrl!, BearerToken!);
                EntraProvisioning.CheckCredentials(url, token, null);
            }
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, IdentityProvider ?? ServicePrincipal);
            return;
        }

        GraphConnection graph = Graph();
        EntraServicePrincipal sp;
        ZiaScimEntraProvisioning job;
        try
        {
            sp = Run((log, cancel) => EntraProvisioning.ResolveServicePrincipalAsync(graph, ServicePrincipal!, log, cancel));
            job = Run((log, cancel) => EntraProvisioning.FindJobAsync(graph, sp, JobId, log, cancel));
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, ServicePrincipal);
            return;
        }

        string target = $"enterprise application {sp}, provisioning job {job.JobId}";
        if (!ShouldChange(target, $"Set the SCIM base URL to {url} and replace the bearer token"))
        {
            return;
        }
        // Asked before anything is written; what the job holds back is read again just before the release.
        bool release = ReleaseDeleteQuarantine && ShouldProcessAsHighImpact(target,
            "Release the quarantine for too many deletes: restart the job with ForceDeletes, which carries out every deletion the accidental-deletions threshold held back" +
            (EntraProvisioning.HoldsDeletes(job) && job.CountEscrowed is { } held ? $" ({held} held back)" : string.Empty));

        CredentialWrite written;
        try
        {
            written = Run((log, cancel) => EntraProvisioning.WriteCredentialsAsync(graph, sp.Id, url, token, log, cancel));
        }
        catch (ZiaException ex)
        {
            // The write's own message says what Entra ID holds after it (refused, or no clear answer).
            ItemFailed(new ZiaException(ex.ErrorId, ex.Category, ex.Message, target, ex) { StatusCode = ex.StatusCode, SaveState = ex.SaveState }, target);
            return;
        }

        string stage = "Entra ID holds the new URL and token.";
        try
        {
            WriteVerbose($"Entra ID holds the SCIM base URL {url} and the new token; secrets keys now: {string.Join(", ", written.KeysAfter)}.");
            if (written.LostKeys.Count > 0)
            {
                WriteWarning($"Writing the credentials removed {string.Join(", ", written.LostKeys)} from the provisioning job of {sp} (it held {string.Join(", ", written.KeysBefore)}). " +
                    "SyncNotificationSettings holds the notification email and the accidental-deletions threshold: set them again under Provisioning > Settings in the Entra admin center.");
            }

            if (Validate)
            {
                EntraValidation answer = Run((log, cancel) => EntraProvisioning.ValidateAsync(graph, sp.Id, job.JobId!, log, cancel));
                if (!answer.Succeeded)
                {
                    ItemFailed(new ZiaException("EntraCredentialsRejected", ErrorCategory.AuthenticationError,
                        $"Entra ID holds the new URL and token, but its test of them against the SCIM server failed{(StartJob ? ", so the job was not started" : string.Empty)}: {answer.Message} " +
                        (Scim.ScimConnectionTester.RejectedCredentialsAdvice(url) ??
                         "A 401 means ZIA does not accept the token yet: activate the change that created it (Publish-ZiaChange), then run Set-ZiaScimEntraProvisioning -Validate again. A 404 means SCIM is off or not activated for the identity provider, or the URL's ids are wrong.")),
                        target);
                    return;
                }
                WriteInformation(new InformationRecord($"Entra ID tested the SCIM base URL and token of {sp}: the SCIM server accepted them.", MyInvocation.MyCommand.Name));
                stage = "Entra ID holds the new URL and token, and validated them.";
            }

            if (release || StartJob)
            {
                // The state now, not the one read before the write: a cycle may have run since.
                ZiaScimEntraProvisioning current = Run((log, cancel) => EntraProvisioning.GetJobAsync(graph, sp, job.JobId!, log, cancel));
                if (EntraProvisioning.HoldsDeletes(current))
                {
                    if (!release)
                    {
                        ItemFailed(new ZiaException("EntraDeletesHeld", ErrorCategory.InvalidOperation,
                            $"{stage} The job was not started. {EntraProvisioning.DescribeHeldDeletes(current)} -StartJob does not release it, since that could let those deletions run. " +
                            "Review them in the provisioning logs (Entra admin center > Provisioning logs). If they are meant, run this command again with -ReleaseDeleteQuarantine, " +
                            "which carries them out. If not, fix the assignments or scoping in Entra ID: once a cycle finds the deletions under the threshold, the quarantine ends.",
                            target), target);
                        return;
                    }
                    Run((log, cancel) => EntraProvisioning.ReleaseDeletesAsync(graph, sp.Id, job.JobId!, log, cancel));
                    WriteWarning($"Released: {EntraProvisioning.DescribeHeldDeletes(current)} The job was restarted with ForceDeletes: its next cycle carries out those deletions.");
                    stage += " The quarantine for too many deletes was released (restart with ForceDeletes).";
                }
                else
                {
                    if (release)
                    {
                        WriteWarning($"The provisioning job {job.JobId} is not quarantined for too many deletes (status {current.Status}{(current.QuarantineReason is { } why ? $", reason {why}" : string.Empty)}): nothing was released.");
                    }
                    if (StartJob)
                    {
                        Run((log, cancel) => EntraProvisioning.StartAsync(graph, sp.Id, job.JobId!, log, cancel));
                        WriteVerbose(current.QuarantineReason is not null
                            ? $"Started the job {job.JobId}, which clears its quarantine ({current.QuarantineReason}); it comes back at the next cycle if its cause remains."
                            : $"Started the job {job.JobId}.");
                    }
                }
            }

            if (PassThru)
            {
                WriteObject(Run((log, cancel) => EntraProvisioning.GetJobAsync(graph, sp, job.JobId!, log, cancel)));
            }
        }
        catch (ZiaException ex)
        {
            // After the write: say what Entra ID holds, then what failed.
            ItemFailed(new ZiaException(ex.ErrorId, ex.Category, $"{stage} {ex.Message}", target, ex) { StatusCode = ex.StatusCode, SaveState = ex.SaveState }, target);
        }
    }

    private ScimConnectRequest ReadFromIdentityProvider()
    {
        ZiaSession session = ResolveZiaSession(Session, "-IdentityProvider reads the base URL and token through the ZIA admin API (API key sign-in)");
        var reference = IdentityProviderInput.ToReference(IdentityProvider!);
        return Run((log, cancel) => ScimConnector.FromIdentityProviderAsync(session, reference, log, cancel));
    }
}
