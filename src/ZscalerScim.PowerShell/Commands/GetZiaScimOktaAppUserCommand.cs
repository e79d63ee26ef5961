using System.Linq;
using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Okta;

namespace ZscalerScim.Commands;

/// <summary>
/// The users assigned to the Okta Zscaler 2.0 app with their syncState and lastSync (GET /api/v1/apps/{appId}/users).
/// Okta ties syncState to profile mastering, so for a push-only app the System Log (Get-ZiaScimOktaLog) is the firmer evidence.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ZiaScimOktaAppUser")]
[OutputType(typeof(ZiaScimOktaAppUser))]
public sealed class GetZiaScimOktaAppUserCommand : OktaCmdlet
{
    /// <summary>The app's id; else -AppLabel, the app Connect-ZiaScimOkta -AppId named, or the org's only Zscaler 2.0 app.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? AppId { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AppLabel { get; set; }

    /// <summary>Only users whose syncState is ERROR or OUT_OF_SYNC.</summary>
    [Parameter]
    public SwitchParameter NeedsAttention { get; set; }

    protected override void BeginProcessing() => CheckOktaAccess();

    protected override void ProcessRecord()
    {
        OktaConnection okta = Okta();
        try
        {
            OktaApp app = ResolveZscalerApp(okta, AppId, AppLabel);
            var users = Run((log, cancel) => OktaReports.AppUsersAsync(okta, app.Id, log, cancel));
            WriteVerbose($"{users.Count} users are assigned to {app}.");
            WriteObject(users.Where(u => !NeedsAttention || u.NeedsAttention), enumerateCollection: true);
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, AppId ?? AppLabel);
        }
    }
}
