using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Portal;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsLifecycle.Disable, "ZiaScimProvisioning", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ZiaIdentityProvider))]
public sealed class DisableZiaScimProvisioningCommand : ZiaChangeCmdlet
{
    /// <summary>An object from Get-ZiaIdentityProvider, a name (a wildcard must match exactly one) or an id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(IdentityProviderCompleter))]
    [ValidateNotNull]
    public object? IdentityProvider { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        ZiaSession session = ResolveSession();
        if (ResolveIdentityProvider(session, IdentityProvider!) is not { } idp)
        {
            return;
        }
        if (!idp.ScimProvisioning)
        {
            WriteVerbose($"SCIM provisioning is already off for '{idp.Name}'; nothing was written.");
            if (PassThru)
            {
                WriteObject(idp);
            }
            return;
        }
        if (!ShouldChange($"identity provider '{idp.Name}' ({idp.Id})", "Turn SCIM provisioning off: its SCIM client can no longer create, change or remove users and groups"))
        {
            return;
        }
        try
        {
            ZiaIdentityProvider saved = Run((log, cancel) => ScimProvisioning.DisableAsync(idp, log, cancel));
            Saved(session);
            if (PassThru)
            {
                WriteObject(saved);
            }
        }
        catch (ZiaException ex)
        {
            if (ex.SaveState != SaveState.NotSaved)
            {
                Saved(session);
            }
            ItemFailed(ex, idp);
        }
    }
}
