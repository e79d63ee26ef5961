using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Set, "ZiaScimUser", DefaultParameterSetName = ByUserName, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ScimUser))]
public sealed class SetZiaScimUserCommand : ScimUserCmdlet
{
    [Parameter]
    [Trimmed]
    [ValidateNotNullOrEmpty]
    public string? NewUserName { get; set; }

    [Parameter]
    public string? GivenName { get; set; }

    [Parameter]
    public string? FamilyName { get; set; }

    [Parameter]
    public string? DisplayName { get; set; }

    [Parameter]
    public string? Email { get; set; }

    [Parameter]
    public string? Department { get; set; }

    [Parameter]
    public string? ExternalId { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        ScimConnection connection = ResolveConnection();
        UserFields changes = new()
        {
            UserName = NewUserName,
            GivenName = GivenName,
            FamilyName = FamilyName,
            DisplayName = DisplayName,
            Email = Email,
            Department = Department,
            ExternalId = ExternalId,
        };
        if (changes.IsEmpty)
        {
            WriteWarning("No attribute to change was given (-GivenName, -FamilyName, -DisplayName, -Email, -Department, -ExternalId, -NewUserName); nothing was sent.");
            return;
        }
        if (ResolveUser(connection) is not { } user || (NewUserName is not null && KeepAdminRename(connection, user, NewUserName)))
        {
            return;
        }
        // What a person reads: "department: 'Sales' -> 'IT'", not the schema's PATCH paths.
        List<string> described = new();
        changes.ChangesFrom(UserFields.FromUser(user), described);
        string what = described.Count > 0 ? string.Join("; ", described) : "nothing that differs from what the server holds";
        if (ShouldChange(user.UserName, $"Change {what}"))
        {
            Patch(connection, user, changes, PassThru);
        }
    }
}
