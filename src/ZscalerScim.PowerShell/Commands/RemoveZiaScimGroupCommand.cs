using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Remove, "ZiaScimGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveZiaScimGroupCommand : ScimCmdlet
{
    /// <summary>A ScimGroup, a displayName or an id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Trimmed]
    [ValidateNotNull]
    public object? Group { get; set; }

    protected override void ProcessRecord()
    {
        ScimConnection connection = ResolveConnection();
        try
        {
            ScimGroup group = Run((log, cancel) => ScimInput.GroupAsync(connection, Group!, log, cancel));
            if (ShouldChange(group.DisplayName, "Delete SCIM group"))
            {
                Run((log, cancel) => ScimGroups.DeleteAsync(connection, group.Id, log, cancel));
            }
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, Group);
        }
    }
}
