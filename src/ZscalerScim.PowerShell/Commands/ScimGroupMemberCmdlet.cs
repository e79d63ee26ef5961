using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using ZscalerScim.Internal;
using ZscalerScim.Scim;
using ZscalerScim.Sync;

namespace ZscalerScim.Commands;

/// <summary>Base of Add- and Remove-ZiaScimGroupMember: members gathered from the pipeline, one PATCH at the end.</summary>
public abstract class ScimGroupMemberCmdlet : ScimCmdlet
{
    private readonly List<object> _members = new();

    /// <summary>A ScimGroup, a displayName or an id.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(ScimGroupNameCompleter))]
    [Trimmed]
    [ValidateNotNull]
    public object? Group { get; set; }

    /// <summary>ScimUser objects, userNames or ids.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(ScimUserNameCompleter))]
    [Trimmed]
    [ValidateNotNull]
    public object[]? Member { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    internal abstract bool Adding { get; }

    protected override void ProcessRecord() => _members.AddRange(Member!);

    protected override void EndProcessing()
    {
        ScimConnection connection = ResolveConnection();
        try
        {
            ScimGroup group = Run((log, cancel) => ScimInput.GroupAsync(connection, Group!, log, cancel));
            // Only the difference: members already in (or already out) are left alone.
            HashSet<string> current = new(Run((log, cancel) => ScimGroups.GetAsync(connection, group, log, cancel)).MemberIds);
            List<string> ids = new();
            foreach (object member in _members)
            {
                try
                {
                    ScimUser user = Run((log, cancel) => ScimInput.MemberAsync(connection, member, log, cancel));
                    string id = user.Id;
                    if (current.Contains(id) == Adding)
                    {
                        WriteVerbose($"'{member}' is {(Adding ? "already in" : "not in")} '{group.DisplayName}'.");
                    }
                    else if (Adding && user.Groups.Length >= ZiaLimits.MaxGroupsPerUser)
                    {
                        // One member over the limit would make ZIA refuse the whole PATCH: that member fails alone.
                        ItemFailed(new ZiaException("ScimUserGroupLimit", ErrorCategory.LimitsExceeded,
                            ZiaRules.TooManyGroups(user.UserName, group.DisplayName, user.Groups.Length + 1).Message + " Nothing was sent for this user.", member), member);
                    }
                    else if (!ids.Contains(id))
                    {
                        ids.Add(id);
                    }
                }
                catch (ZiaException ex)
                {
                    ItemFailed(ex, member);
                }
            }
            if (ids.Count > 0 && ShouldChange(group.DisplayName, $"{(Adding ? "Add" : "Remove")} {ids.Count} member(s)"))
            {
                string[] none = System.Array.Empty<string>();
                Run((log, cancel) => ScimGroups.ChangeMembersAsync(connection, group.Id, new MemberChange(Adding ? ids : none, Adding ? none : ids), log, cancel));
            }
            if (PassThru)
            {
                WriteObject(Run((log, cancel) => ScimGroups.GetAsync(connection, group, log, cancel)));
            }
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, Group);
        }
    }
}

[Cmdlet(VerbsCommon.Add, "ZiaScimGroupMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ScimGroup))]
public sealed class AddZiaScimGroupMemberCommand : ScimGroupMemberCmdlet
{
    internal override bool Adding => true;
}

[Cmdlet(VerbsCommon.Remove, "ZiaScimGroupMember", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ScimGroup))]
public sealed class RemoveZiaScimGroupMemberCommand : ScimGroupMemberCmdlet
{
    internal override bool Adding => false;
}
