using System;
using System.Linq;
using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Okta;

namespace ZscalerScim.Commands;

/// <summary>
/// The Okta System Log events of the Zscaler 2.0 app: its provisioning events (user and group push) and its integration
/// faults (authentication_failure, rate_limit_exceeded, general_failure). Every read is bounded by -Until: a System Log
/// query without until never ends.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ZiaScimOktaLog")]
[OutputType(typeof(ZiaScimOktaEvent))]
public sealed class GetZiaScimOktaLogCommand : OktaCmdlet
{
    /// <summary>The app's id; else -AppLabel, the app Connect-ZiaScimOkta -AppId named, or the org's only Zscaler 2.0 app.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? AppId { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AppLabel { get; set; }

    /// <summary>The start of the window; by default 7 days before -Until (Okta's own default).</summary>
    [Parameter]
    public DateTime? Since { get; set; }

    /// <summary>The end of the window; by default now. Always sent.</summary>
    [Parameter]
    public DateTime? Until { get; set; }

    /// <summary>Event types to read; by default the app's provisioning and integration event types.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? EventType { get; set; }

    /// <summary>Only events whose outcome is FAILURE.</summary>
    [Parameter]
    public SwitchParameter Failed { get; set; }

    protected override void BeginProcessing() => CheckOktaAccess();

    protected override void ProcessRecord()
    {
        DateTime until = (Until ?? DateTime.UtcNow).ToUniversalTime();
        DateTime since = (Since ?? until.AddDays(-7)).ToUniversalTime();
        if (since >= until)
        {
            Fail(new ZiaException("OktaInvalidWindow", ErrorCategory.InvalidArgument, $"-Since ({since:u}) must be before -Until ({until:u}).", "Since"));
        }
        var types = EventType ?? OktaReports.AppEventTypes;
        OktaConnection okta = Okta();
        try
        {
            OktaApp app = ResolveZscalerApp(okta, AppId, AppLabel);
            var events = Run((log, cancel) => OktaReports.EventsAsync(okta, app.Id, types, since, until, log, cancel));
            WriteVerbose($"{events.Count} System Log events of {app} from {since:u} to {until:u}.");
            foreach (ZiaScimOktaEvent e in events.Where(e => !Failed || e.Failed))
            {
                WriteObject(e);
            }
        }
        catch (ZiaException ex) when (ex.StatusCode == 403)
        {
            ItemFailed(new ZiaException("OktaLogAccessDenied", ErrorCategory.PermissionDenied,
                $"Okta refused the System Log: the admin behind the API token needs a role that reads it (Read-only Administrator or higher), a service app the {OktaTarget.LogsPermission} scope. {ex.Message}",
                AppId ?? AppLabel, ex) { StatusCode = 403 }, AppId ?? AppLabel);
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, AppId ?? AppLabel);
        }
    }
}
