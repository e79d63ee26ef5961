using System.Management.Automation;
using ZscalerScim.Scim;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsLifecycle.Enable, "ZiaScimUser", DefaultParameterSetName = ByUserName, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ScimUser))]
public sealed class EnableZiaScimUserCommand : ScimUserCmdlet
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        ScimConnection connection = ResolveConnection();
        if (ResolveUser(connection) is { } user && ShouldChange(user.UserName, "Enable SCIM user (active = true)"))
        {
            Patch(connection, user, new UserFields { Active = true }, PassThru);
        }
    }
}
