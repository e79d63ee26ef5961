using System.Management.Automation;
using ZscalerScim.Scim;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsLifecycle.Disable, "ZiaScimUser", DefaultParameterSetName = ByUserName, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ScimUser))]
public sealed class DisableZiaScimUserCommand : ScimUserCmdlet
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Disable a user linked to a ZIA admin account too (Zscaler then disables the admin account).</summary>
    [Parameter]
    public SwitchParameter IncludeAdminAccounts { get; set; }

    protected override void ProcessRecord()
    {
        ScimConnection connection = ResolveConnection();
        if (ResolveUser(connection) is { } user && !KeepAdminUser(connection, user, delete: false, IncludeAdminAccounts) && ShouldChange(user.UserName, "Disable SCIM user (active = false): the user can no longer sign in through ZIA"))
        {
            Patch(connection, user, new UserFields { Active = false }, PassThru);
        }
    }
}
