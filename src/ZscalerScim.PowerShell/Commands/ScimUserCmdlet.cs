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
    [Trimmed]
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
    /// nothing sent) unless includeAdmins.
    /// </summary>
    internal bool KeepAdminUser(ScimConnection connection, ScimUser user, bool delete, bool includeAdmins) =>
        !includeAdmins && Refuse(Admins(connection)?.Keep(user.UserName, delete)?.Message.Replace("Kept: ", "Nothing was sent: "), user);

    /// <summary>For Set-ZiaScimUser -NewUserName: neither a user linked to an admin nor a user onto an admin's login is renamed (as in a sync).</summary>
    internal bool KeepAdminRename(ScimConnection connection, ScimUser user, string newUserName) =>
        Refuse(Admins(connection)?.RefuseRename(user.UserName, newUserName), user);

    private bool Refuse(string? why, ScimUser user)
    {
        if (why is null)
        {
            return false;
        }
        ItemFailed(new ZiaException("ScimUserLinkedToAdmin", ErrorCategory.PermissionDenied, why, user), user);
        return true;
    }

    /// <summary>The admin accounts, read once per command; null, with one warning, where they cannot be read.</summary>
    private AdminLinks? Admins(ScimConnection connection)
    {
        if (!_adminsRead)
        {
            _adminsRead = true;
            ZiaSession? session = SessionStore.Zia;
            _admins = Run(async (log, cancel) =>
            {
                if (SyncRules.SessionFor(session, connection, log) is not { } zia)
                {
                    log.Add(c => c.WriteWarning(AdminLinks.NotCheckedWarning));
                    return null;
                }
                return await AdminLinks.ReadAsync(zia, includeAdmins: false, log, cancel).ConfigureAwait(false);
            });
        }
        return _admins;
    }

    /// <summary>
    /// The user as the server holds it now: a piped ScimUser is read again by its id (never looked up by its name),
    /// so that the checks and the change apply to the current user, not to what the object said when it was read.
    /// </summary>
    internal ScimUser? ResolveUser(ScimConnection connection)
    {
        try
        {
            (string? userName, string? id) = InputObject is { } piped ? (null, piped.Id) : ScimInput.User(UserName, Id);
            return Run((log, cancel) => ScimUsers.FindAsync(connection, null, userName, id, log, cancel));
        }
        catch (ZiaException ex) when (InputObject is { } piped && ex.ErrorId == "ScimUserNotFound")
        {
            ItemFailed(ScimUsers.NotFound($"id {piped.Id} ('{piped.UserName}' when it was read): it was deleted since. Nothing was sent", piped), piped);
            return null;
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
