using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Get, "ZiaScimUser", DefaultParameterSetName = List)]
[OutputType(typeof(ScimUser))]
public sealed class GetZiaScimUserCommand : ScimCmdlet
{
    private const string List = "List", ById = "ById", ByExternalId = "ByExternalId", ByFilter = "ByFilter";

    /// <summary>A userName; * and ? are matched here, since SCIM filters only know eq (brackets are literal).</summary>
    [Parameter(Position = 0, ParameterSetName = List, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [Trimmed]
    [ValidateNotNullOrEmpty]
    public string? UserName { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ById, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Id { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ByExternalId, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? ExternalId { get; set; }

    /// <summary>A raw SCIM filter, e.g. 'meta.lastModified gt "2026-11-01T00:00:00Z"'.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByFilter)]
    [ValidateNotNullOrEmpty]
    public string? Filter { get; set; }

    [Parameter(ParameterSetName = List)]
    [Parameter(ParameterSetName = ByFilter)]
    [ValidateRange(1, int.MaxValue)]
    public int ResultSize { get; set; } = int.MaxValue;

    protected override void ProcessRecord()
    {
        ScimConnection connection = ResolveConnection();
        (string? userName, string? id) = ParameterSetName == List ? ScimInput.User(UserName, null) : (UserName, Id);
        NamePattern? name = userName is null ? null : NamePattern.Parse(userName);
        bool wildcard = name?.IsWildcard == true;
        NamePattern? pattern = wildcard ? name : null;
        userName = name?.Literal;
        string? filter = ScimUsers.Filter(id, ExternalId, wildcard ? null : userName, Filter);
        string target = UserName ?? Id ?? ExternalId ?? Filter ?? connection.BaseUrl.ToString();
        int written = 0;
        try
        {
            int found;
            if (ParameterSetName == List && userName is not null && !wildcard && id is null)
            {
                // One name: the server filters, and the userName rule (case, Unicode form) picks what it answers.
                List<ScimUser> named = Run((log, cancel) => ScimUsers.ByUserNameAsync(connection, userName, log, cancel));
                WriteObject(named.Take(ResultSize), true);
                found = named.Count;
            }
            else
            {
                found = Run((log, cancel) => ScimUsers.ListAsync(connection, filter, user =>
                {
                    if ((pattern is null || pattern.IsMatch(user.UserName)) && written++ < ResultSize)
                    {
                        // Each page goes to the pipeline as it arrives.
                        log.Add(c => c.WriteObject(user));
                    }
                }, wildcard ? int.MaxValue : ResultSize, log, cancel));
            }
            if (found == 0 && (ParameterSetName is ById or ByExternalId || (userName is not null && !wildcard) || id is not null))
            {
                ItemFailed(ScimUsers.NotFound(ParameterSetName == ByExternalId ? $"with externalId '{ExternalId}'" : id is not null ? $"id {id}" : $"'{userName}'", target), target);
            }
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, target);
        }
    }
}
