using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Scim;
using ZscalerScim.Sync;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Remove, "ZiaScimUser", DefaultParameterSetName = ByUserName, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveZiaScimUserCommand : ScimUserCmdlet
{
    /// <summary>Delete a user linked to a ZIA admin account too (ZIA refuses it, or deletes the admin, by the tenant's settings).</summary>
    [Parameter]
    public SwitchParameter IncludeAdminAccounts { get; set; }

    protected override void ProcessRecord()
    {
        ScimConnection connection = ResolveConnection();
        if (ResolveUser(connection) is not { } user || KeepAdminUser(connection, user, delete: true, IncludeAdminAccounts) || !ShouldChange(user.UserName, "Delete SCIM user"))
        {
            return;
        }
        try
        {
            Run((log, cancel) => ScimUsers.DeleteAsync(connection, user, log, cancel));
        }
        catch (ZiaException ex) when (AdminLinks.IsAdminRefusal(ex.StatusCode, ex.Message))
        {
            ItemFailed(new ZiaException("ScimUserLinkedToAdmin", ErrorCategory.PermissionDenied, AdminLinks.RefusedDelete(user.UserName, ex.Message), user, ex), user);
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, user);
        }
    }
}
