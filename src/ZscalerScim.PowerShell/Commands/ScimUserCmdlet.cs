using System.Management.Automation;
using ZscalerScim.Connections;
using ZscalerScim.Internal;
using ZscalerScim.Scim;
using ZscalerScim.Sync;

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

    private AdminLinks? _admins;
    private bool _adminsRead;

    /// <summary>
    /// For Disable- and Remove-ZiaScimUser: with a ZIA session, a user linked to a ZIA admin is refused (one error,
    /// nothing sent) unless includeAdmins; the admins are read once per command.
    /// </summary>
    internal bool KeepAdminUser(ScimConnection connection, ScimUser user, bool delete, bool includeAdmins)
    {
        if (includeAdmins)
        {
            return false;
        }
        if (!_adminsRead)
        {
            _adminsRead = true;
            ZiaSession? session = SessionStore.Zia;
            _admins = Run(async (log, cancel) => SyncRules.SessionFor(session, connection, log) is { } zia ? await AdminLinks.ReadAsync(zia, includeAdmins, log, cancel).ConfigureAwait(false) : null);
        }
        if (_admins?.Keep(user.UserName, delete) is not { } keep)
        {
            return false;
        }
        ItemFailed(new ZiaException("ScimUserLinkedToAdmin", ErrorCategory.PermissionDenied, keep.Message.Replace("Kept: ", "Nothing was sent: "), user), user);
        return true;
    }

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
