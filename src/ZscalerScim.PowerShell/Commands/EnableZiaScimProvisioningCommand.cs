using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Portal;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsLifecycle.Enable, "ZiaScimProvisioning", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ZiaIdentityProvider))]
public sealed class EnableZiaScimProvisioningCommand : ZiaChangeCmdlet
{
    /// <summary>An object from Get-ZiaIdentityProvider, a name (a wildcard must match exactly one) or an id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(IdentityProviderCompleter))]
    [ValidateNotNull]
    public object? IdentityProvider { get; set; }

    /// <summary>For an Active Directory or OpenLDAP user repository: also turn on "Disable Directory Sync &amp; Enable SCIM Provisioning".</summary>
    [Parameter]
    public SwitchParameter MigrateFromDirectorySync { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        ZiaSession session = ResolveSession();
        if (ResolveIdentityProvider(session, IdentityProvider!) is not { } idp)
        {
            return;
        }

        ScimEnablePlan plan;
        try
        {
            plan = Run((log, cancel) => ScimProvisioning.PlanEnableAsync(idp, MigrateFromDirectorySync, log, cancel));
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, idp);
            return;
        }
        if (plan == ScimEnablePlan.AlreadyOn)
        {
            WriteVerbose($"SCIM provisioning is already on (and SAML auto-provisioning off) for '{idp.Name}'; nothing was written.");
            if (PassThru)
            {
                WriteObject(idp);
            }
            return;
        }

        string target = $"identity provider '{idp.Name}' ({idp.Id})";
        string action = "Turn SAML auto-provisioning off and SCIM provisioning on";
        bool migrate = plan == ScimEnablePlan.MigrateAndEnable;
        if (migrate)
        {
            action += ", after turning on 'Disable Directory Sync & Enable SCIM Provisioning', which turns directory sync and form-based login OFF for the organization";
        }
        if (!(migrate ? ShouldProcessAsHighImpact(target, action) : ShouldChange(target, action)))
        {
            return;
        }

        ScimEnableResult result;
        try
        {
            result = Run((log, cancel) => ScimProvisioning.EnableAsync(idp, plan, log, cancel));
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, idp);
            return;
        }
        if (result.LeftPendingChanges)
        {
            Saved(session);
        }
        if (result.Error is { } error)
        {
            ItemFailed(error, idp);
        }
        else if (PassThru)
        {
            WriteObject(result.Saved);
        }
    }
}
