using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.New, "ZiaScimGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(ScimGroup))]
public sealed class NewZiaScimGroupCommand : ScimCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Trimmed]
    [ValidateNotNullOrEmpty]
    public string? DisplayName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ExternalId { get; set; }

    protected override void ProcessRecord()
    {
        ScimConnection connection = ResolveConnection();
        if (!ShouldChange(DisplayName, $"Create SCIM group at {connection.BaseUrl}"))
        {
            return;
        }
        try
        {
            WriteObject(Run((log, cancel) => ScimGroups.CreateAsync(connection, DisplayName!, ExternalId, new MemberChange(System.Array.Empty<string>(), System.Array.Empty<string>()), log, cancel)));
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, DisplayName);
        }
    }
}
