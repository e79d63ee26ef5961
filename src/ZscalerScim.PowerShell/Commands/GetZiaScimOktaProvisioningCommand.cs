using System.Collections.Generic;
using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Okta;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Get, "ZiaScimOktaProvisioning")]
[OutputType(typeof(ZiaScimOktaProvisioning))]
public sealed class GetZiaScimOktaProvisioningCommand : OktaCmdlet
{
    /// <summary>The Okta app's id; with neither this nor -AppLabel, the app Connect-ZiaScimOkta -AppId named, else every Zscaler 2.0 app.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? AppId { get; set; }

    /// <summary>The Okta app's label, matched exactly.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AppLabel { get; set; }

    protected override void BeginProcessing()
    {
        if (AppId is not null && AppLabel is not null)
        {
            Fail(new ZiaException("OktaAppNotGiven", ErrorCategory.InvalidArgument, "Pass -AppId or -AppLabel, not both.", "AppId"));
        }
        CheckOktaAccess();
    }

    protected override void ProcessRecord()
    {
        OktaConnection okta = Okta();
        string? appId = AppIdOrDefault(AppId, AppLabel);
        IReadOnlyList<OktaApp> apps;
        try
        {
            apps = appId is null && AppLabel is null
                ? Run((log, cancel) => OktaProvisioning.ZscalerAppsAsync(okta, log, cancel))
                : new[] { Run((log, cancel) => OktaProvisioning.FindAppAsync(okta, appId, AppLabel, log, cancel)) };
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, (object?)AppId ?? AppLabel);
            return;
        }
        foreach (OktaApp app in apps)
        {
            try
            {
                OktaProvisioning.RequireZscaler(app);
                WriteObject(Run((log, cancel) => OktaProvisioning.GetConnectionAsync(okta, app, log, cancel)));
            }
            catch (ZiaException ex)
            {
                ItemFailed(ex, app.Id);
            }
        }
    }
}
