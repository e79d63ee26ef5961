using System.Management.Automation;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.New, "ZiaScimGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(ScimGroup))]
public sealed class NewZiaScimGroupCommand : ScimCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
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
        JObject body = new() { ["schemas"] = new JArray(ScimWire.GroupSchema), ["displayName"] = DisplayName, ["members"] = new JArray() };
        if (!string.IsNullOrEmpty(ExternalId))
        {
            body["externalId"] = ExternalId;
        }
        try
        {
            WriteObject(Run(async (log, cancel) => new ScimGroup(await ScimClient.CreateAsync(connection, ScimWire.Groups, body, log, cancel).ConfigureAwait(false), connection)));
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, DisplayName);
        }
    }
}
