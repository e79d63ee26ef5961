using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Commands;

/// <summary>Base of the cmdlets that act on one user: given by userName, id, or a ScimUser from the pipeline.</summary>
public abstract class ScimUserCmdlet : ScimCmdlet
{
    protected const string ByUserName = "ByUserName", ById = "ById", ByInputObject = "ByInputObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByUserName, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? UserName { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ById, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Id { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ByInputObject, ValueFromPipeline = true)]
    [ValidateNotNull]
    public ScimUser? InputObject { get; set; }

    internal ScimUser? ResolveUser(ScimConnection connection)
    {
        try
        {
            (string? userName, string? id) = ScimInput.User(UserName, Id);
            return Run((log, cancel) => ScimUsers.FindAsync(connection, InputObject, userName, id, log, cancel));
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, (object?)InputObject ?? UserName ?? Id);
            return null;
        }
    }

    /// <summary>PATCHes the user and writes the result with -PassThru; one failure is one error.</summary>
    internal void Patch(ScimConnection connection, ScimUser user, UserFields changes, bool passThru)
    {
        try
        {
            ScimUser? updated = Run((log, cancel) => ScimUsers.PatchAsync(connection, user, changes, passThru, log, cancel));
            if (passThru && updated is not null)
            {
                WriteObject(updated);
            }
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, user);
        }
    }
}
