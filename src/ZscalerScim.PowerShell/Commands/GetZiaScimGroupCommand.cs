using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Get, "ZiaScimGroup", DefaultParameterSetName = List)]
[OutputType(typeof(ScimGroup))]
public sealed class GetZiaScimGroupCommand : ScimCmdlet
{
    private const string List = "List", ById = "ById";

    [Parameter(Position = 0, ParameterSetName = List, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [Trimmed]
    [ValidateNotNullOrEmpty]
    public string? DisplayName { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ById, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Id { get; set; }

    protected override void ProcessRecord()
    {
        ScimConnection connection = ResolveConnection();
        NamePattern? name = DisplayName is null ? null : NamePattern.Parse(DisplayName);
        bool wildcard = name?.IsWildcard == true;
        NamePattern? pattern = wildcard ? name : null;
        string? filter = ScimGroups.Filter(Id, wildcard ? null : name?.Literal);
        string target = Id ?? name?.Literal ?? connection.BaseUrl.ToString();
        try
        {
            int found = Run((log, cancel) => ScimGroups.ListAsync(connection, filter, group =>
            {
                if (pattern is null || pattern.IsMatch(group.DisplayName))
                {
                    log.Add(c => c.WriteObject(group));
                }
            }, int.MaxValue, log, cancel));
            if (found == 0 && filter is not null)
            {
                ItemFailed(new ZiaException("ScimGroupNotFound", ErrorCategory.ObjectNotFound,
                    $"The SCIM server has no group '{target}'. List groups with Get-ZiaScimGroup.", target), target);
            }
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, target);
        }
    }
}
