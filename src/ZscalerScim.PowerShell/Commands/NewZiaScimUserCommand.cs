using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.New, "ZiaScimUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(ScimUser))]
public sealed class NewZiaScimUserCommand : ScimCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("UserPrincipalName")]
    [Trimmed]
    [ValidateNotNullOrEmpty]
    public string? UserName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? GivenName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Surname")]
    public string? FamilyName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? DisplayName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Mail", "EmailAddress")]
    public string? Email { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Department { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ExternalId { get; set; }

    /// <summary>Create the user disabled (active = false).</summary>
    [Parameter]
    public SwitchParameter Disabled { get; set; }

    protected override void ProcessRecord()
    {
        ScimConnection connection = ResolveConnection();
        if (!ShouldChange(UserName, $"Create SCIM user at {connection.BaseUrl}"))
        {
            return;
        }
        UserFields fields = new()
        {
            UserName = UserName,
            GivenName = GivenName,
            FamilyName = FamilyName,
            DisplayName = DisplayName,
            Email = Email,
            Department = Department,
            ExternalId = ExternalId,
            Active = !Disabled,
        };
        try
        {
            ScimUser user = Run((log, cancel) => ScimUsers.CreateAsync(connection, fields, log, cancel));
            WriteObject(user);
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, UserName);
        }
    }
}
