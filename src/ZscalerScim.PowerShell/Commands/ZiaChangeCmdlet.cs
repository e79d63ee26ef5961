using System;
using System.Collections.Generic;
using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Zia;

namespace ZscalerScim.Commands;

/// <summary>
/// Base of the cmdlets that save changes: -Activate activates once per invocation (in EndProcessing),
/// never once per pipeline item, since ZIA allows only 10 activations a minute.
/// </summary>
public abstract class ZiaChangeCmdlet : ZiaAdminCmdlet
{
    // How long -Activate waits for an activation that another command or admin started.
    private static readonly TimeSpan ActivationTimeout = TimeSpan.FromMinutes(5);

    private readonly List<ZiaSession> _changed = new();
    private int _failures;

    /// <summary>Activate the saved changes when the command has finished.</summary>
    [Parameter]
    public SwitchParameter Activate { get; set; }

    internal void Saved(ZiaSession session)
    {
        session.HasUnpublishedChanges = true;
        if (!_changed.Contains(session))
        {
            _changed.Add(session);
        }
    }

    /// <summary>Writes an item's error; with any failure, -Activate does not activate (it would activate everything pending).</summary>
    internal override void ItemFailed(ZiaException ex, object? target)
    {
        _failures++;
        base.ItemFailed(ex, target);
    }

    protected override void EndProcessing()
    {
        foreach (ZiaSession session in _changed)
        {
            if (Activate && _failures > 0)
            {
                WriteWarning($"Not activated: {_failures} item(s) failed, and activation would make everything pending in organization {session.OrgId} live. " +
                    "The saved changes are pending: review them (Get-ZiaIdentityProvider, Get-ZiaAuthenticationSetting), then run Publish-ZiaChange. " +
                    "ZIA also activates them when an admin session ends (logout, or about 5 idle minutes).");
                continue;
            }
            if (!Activate)
            {
                WriteVerbose($"Changes are saved in organization {session.OrgId} but not active until Publish-ZiaChange runs (or -Activate), or until ZIA activates them as an admin session ends (logout or idle timeout).");
                continue;
            }
            try
            {
                Run(async (log, cancel) =>
                {
                    ZiaActivationStatus status = await Activation.ActivatePendingAsync(session, ActivationTimeout, log, cancel).ConfigureAwait(false);
                    log.Verbose($"Activation requested; status {status.Status}.");
                });
            }
            catch (ZiaException ex) when (ex.SaveState == SaveState.Unknown)
            {
                // Perhaps activated: "NOT activated" would be a guess.
                WriteError(ex.ToErrorRecord());
            }
            catch (ZiaException ex)
            {
                WriteError(new ZiaException("ZiaActivationFailed", ex.Category,
                    $"The changes were saved but NOT activated: {ex.Message} Run Publish-ZiaChange to activate them.", session, ex).ToErrorRecord());
            }
        }
    }
}
