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
    [ArgumentCompleter(typeof(ScimGroupNameCompleter))]
    [Trimmed]
    [ValidateNotNullOrEmpty]
    public string? DisplayName { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ById, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Id { get; set; }

    /// <summary>The most groups to write (1000 by default, with a warning when the server holds more).</summary>
    [Parameter(ParameterSetName = List)]
    [ValidateRange(1, int.MaxValue)]
    public int ResultSize { get; set; } = ResultLimit.DefaultSize;

    /// <summary>Every group, however many pages.</summary>
    [Parameter(ParameterSetName = List)]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
        ScimConnection connection = ResolveConnection();
        NamePattern? name = DisplayName is null ? null : NamePattern.Parse(DisplayName);
        bool wildcard = name?.IsWildcard == true;
        NamePattern? pattern = wildcard ? name : null;
        string? filter = ScimGroups.Filter(Id, wildcard ? null : name?.Literal);
        string target = Id ?? name?.Literal ?? connection.BaseUrl.ToString();
        ResultLimit limit = Limit(ResultSize, All);
        try
        {
            int found = Run((log, cancel) => ScimGroups.ListAsync(connection, filter, group =>
            {
                if ((pattern is null || pattern.IsMatch(group.DisplayName)) && limit.Take())
                {
                    log.Add(c => c.WriteObject(group));
                }
            }, wildcard ? int.MaxValue : limit.ServerMax, log, cancel, () => limit.More));
            ReportLimit(limit, "groups" + (wildcard ? $" matching '{DisplayName}'" : string.Empty));
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
