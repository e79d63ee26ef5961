using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Remove, "ZiaScimUser", DefaultParameterSetName = ByUserName, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveZiaScimUserCommand : ScimUserCmdlet
{
    protected override void ProcessRecord()
    {
        ScimConnection connection = ResolveConnection();
        if (ResolveUser(connection) is not { } user || !ShouldChange(user.UserName, "Delete SCIM user"))
        {
            return;
        }
        try
        {
            Run((log, cancel) => ScimUsers.DeleteAsync(connection, user, log, cancel));
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, user);
        }
    }
}
