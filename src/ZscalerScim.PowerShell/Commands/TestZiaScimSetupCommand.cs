using System;
using System.Collections.Generic;
using System.Management.Automation;
using ZscalerScim.Health;
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

    /// <summary>Output only $true (no link failed) or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

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
        SetupCheckRequest request = new()
        {
            Session = Session ?? Connections.SessionStore.Zia,
            IdentityProvider = reference,
            Since = Since,
            EventLogTimeout = TimeSpan.FromSeconds(EventLogTimeoutSec),
            IdpLinks = IdpLinks.Check,
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
