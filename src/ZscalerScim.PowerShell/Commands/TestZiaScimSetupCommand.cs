using System;
using System.Collections.Generic;
using System.Management.Automation;
using ZscalerScim.Connections;
using ZscalerScim.Health;
using ZscalerScim.Idp;
using ZscalerScim.Internal;
using ZscalerScim.Portal;

namespace ZscalerScim.Commands;

/// <summary>
/// Checks every link of the SCIM provisioning chain, in its order, and names the broken one, its cause and its fix.
/// Read only: it changes nothing in ZIA or the IdP.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ZiaScimSetup")]
[OutputType(typeof(ZiaScimSetupLink), typeof(bool))]
public sealed class TestZiaScimSetupCommand : ZiaCmdlet
{
    /// <summary>The ZIA identity provider (an object from Get-ZiaIdentityProvider, a name or an id); by default the one with SCIM on.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(IdentityProviderCompleter))]
    [ValidateNotNull]
    public object? IdentityProvider { get; set; }

    /// <summary>The ZIA session; by default the runspace's from Connect-Zia.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [QuietConversion(typeof(ZiaSession))]
    [ValidateNotNull]
    public ZiaSession? Session { get; set; }

    /// <summary>How far back ZIA's event log is read for refusals: a time or a span back from now; by default 24 hours; at most 14 days.</summary>
    [Parameter]
    [Since]
    public DateTime Since { get; set; } = DateTime.Now.AddHours(-24);

    /// <summary>How long to wait for ZIA's event-log report before that link is NotChecked.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int EventLogTimeoutSec { get; set; } = 300;

    /// <summary>The Entra ID connection to read the IdP links with; by default Connect-ZiaScimEntra's.</summary>
    [Parameter]
    [ValidateNotNull]
    public GraphConnection? EntraConnection { get; set; }

    /// <summary>The Entra ID enterprise application (object id or display name); by default the one Connect-ZiaScimEntra named.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ServicePrincipal { get; set; }

    /// <summary>The Okta connection to read the IdP links with; by default Connect-ZiaScimOkta's.</summary>
    [Parameter]
    [ValidateNotNull]
    public OktaConnection? OktaConnection { get; set; }

    /// <summary>The Okta Zscaler 2.0 app's id; by default the one Connect-ZiaScimOkta named, else the org's only one.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AppId { get; set; }

    /// <summary>Output only $true (no link failed) or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    // How long the probe of Okta's held token may take: one SCIM request.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The IdP links through the IdP contract, from the given or the runspace's connections (read here, on the pipeline thread).</summary>
    private Func<IdpLinkContext, OperationLog, System.Threading.CancellationToken, System.Threading.Tasks.Task<IReadOnlyList<ZiaScimSetupLink>>> IdpSide(ZiaSession? session)
    {
        IdpSelection selection = IdpSelection.WithRunspaceDefaults(new IdpSelection
        {
            Graph = EntraConnection,
            ServicePrincipal = ServicePrincipal,
            Okta = OktaConnection,
            AppId = AppId,
            ScimProbe = (url, token, log, cancel) => Scim.ScimConnectionTester.ProbeAsync(new Scim.ScimConnectRequest(url, token) { Timeout = ProbeTimeout, MaxRetry = 1, Proxy = session?.Proxy ?? Http.ProxyOptions.None }, log, cancel),
        });
        DateTime since = Since;
        return (context, log, cancel) => IdpTargets.HealthAsync(selection, new IdpHealthQuery(context.BaseUrl, since, DateTime.Now), log, cancel);
    }

    protected override void ProcessRecord()
    {
        IdentityProviderRef? reference = null;
        if (IdentityProvider is not null)
        {
            try
            {
                reference = IdentityProviderInput.ToReference(IdentityProvider);
            }
            catch (ZiaException ex)
            {
                ItemFailed(ex, IdentityProvider);
                return;
            }
        }
        // Checked here, not in a link: a -Since beyond ZIA's 14 days is the caller's mistake.
        if (Since < DateTime.Now - Zia.EventLogQuery.Retention - TimeSpan.FromMinutes(1) || Since > DateTime.Now)
        {
            Fail(new ZiaException("ZiaEventLogWindowTooLong", ErrorCategory.InvalidArgument,
                $"-Since ({Since:s}) must be in the last 14 days (ZIA keeps event logs for 14 days), e.g. (Get-Date).AddDays(-3).", "Since"));
        }
        ZiaSession? session = Session ?? Connections.SessionStore.Zia;
        SetupCheckRequest request = new()
        {
            Session = session,
            IdentityProvider = reference,
            Since = Since,
            EventLogTimeout = TimeSpan.FromSeconds(EventLogTimeoutSec),
            IdpLinks = IdpSide(session),
        };
        List<ZiaScimSetupLink> links = new();
        Run((log, cancel) => SetupChecks.RunAsync(request, link =>
        {
            links.Add(link);
            if (!Quiet)
            {
                log.Add(c => c.WriteObject(link));
            }
        }, log, cancel));
        if (Quiet)
        {
            WriteObject(!links.Exists(l => l.Status == ZiaScimSetupStatus.Fail));
        }
    }
}
