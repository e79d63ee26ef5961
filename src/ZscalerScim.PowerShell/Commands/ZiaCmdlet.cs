using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Connections;
using ZscalerScim.Internal;

namespace ZscalerScim.Commands;

/// <summary>
/// Base of every cmdlet: runs async work off the pipeline thread while relaying its Verbose, Debug,
/// Warning and Progress messages onto it, and cancels the HTTP call on Ctrl+C (StopProcessing).
/// </summary>
public abstract class ZiaCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    protected override void StopProcessing() => _stopping.Cancel();

    internal T Run<T>(Func<OperationLog, CancellationToken, Task<T>> work)
    {
        using OperationLog log = new(WantsDebug());
        Task<T> task = Task.Run(async () =>
        {
            try
            {
                return await work(log, _stopping.Token).ConfigureAwait(false);
            }
            finally
            {
                log.Complete();
            }
        });
        try
        {
            log.Pump(this);
        }
        catch
        {
            // A downstream command stopped the pipeline (Select-Object -First, a throw, -WarningAction Stop):
            // stop the work too, and wait, so that nothing goes on writing to the tenant unseen.
            _stopping.Cancel();
            try
            {
                task.Wait();
            }
            catch (AggregateException)
            {
            }
            throw;
        }
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException ex) when (_stopping.IsCancellationRequested)
        {
            if (ex is StoppedMidwayException midway)
            {
                ReportStop(midway.Message);
            }
            throw new PipelineStoppedException();
        }
    }

    /// <summary>
    /// A stopping pipeline takes no more records (every Write* throws once Ctrl+C is pressed): what the tenant holds after a
    /// stop midway goes to the host as a warning line, the one channel left, before the pipeline ends.
    /// </summary>
    private void ReportStop(string report)
    {
        try
        {
            Host?.UI?.WriteWarningLine(report);
        }
        catch (Exception ex) when (ex is System.Management.Automation.Host.HostException or NotImplementedException or InvalidOperationException)
        {
            // A host without a user interface: the command's help says how to find out.
        }
    }

    internal void Run(Func<OperationLog, CancellationToken, Task> work) =>
        Run<bool>(async (log, cancel) =>
        {
            await work(log, cancel).ConfigureAwait(false);
            return true;
        });

    /// <summary>Runs one item's work; a failure becomes that item's error and the pipeline goes on.</summary>
    internal bool TryRun(Func<OperationLog, CancellationToken, Task> work, object? target)
    {
        try
        {
            Run(work);
            return true;
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, target);
            return false;
        }
    }

    /// <summary>Writes one pipeline item's error; the pipeline goes on.</summary>
    internal virtual void ItemFailed(ZiaException ex, object? target)
    {
        // The item (a user, an identity provider) says more than the request's URL that a service error carries.
        if (target is not null && (ex.Target is null || ex.Target is Uri))
        {
            ex.Target = target;
        }
        WriteError(ex.ToErrorRecord());
    }

    internal void Fail(ZiaException ex) => ThrowTerminatingError(ex.ToErrorRecord());

    // The cmdlets' own lines are cleared of the secrets the module holds, as OperationLog's are.
    internal new void WriteVerbose(string text) => base.WriteVerbose(SecretValues.Redact(text));

    internal new void WriteWarning(string text) => base.WriteWarning(SecretValues.Redact(text));

    internal new void WriteDebug(string text) => base.WriteDebug(SecretValues.Redact(text));

    /// <summary>
    /// The ZIA session of a command: the one it was given, else the runspace's (Connect-Zia). Without a usable one the
    /// command stops, before anything is sent, with ZiaNotConnected (saying what it needs the session for) or ZiaSessionClosed.
    /// </summary>
    internal ZiaSession ResolveZiaSession(ZiaSession? given, string? purpose = null)
    {
        ZiaSession? session = given ?? SessionStore.Zia;
        if (session is null)
        {
            Fail(new ZiaException("ZiaNotConnected", ErrorCategory.ConnectionError, purpose is null
                ? "There is no ZIA session in this runspace. Run Connect-Zia first, or pass -Session."
                : $"{purpose}: there is no ZIA session in this runspace. Run Connect-Zia first, or pass -Session. Nothing was changed."));
        }
        if (!session!.IsConnected)
        {
            Fail(new ZiaException("ZiaSessionClosed", ErrorCategory.ConnectionError,
                "This ZIA session was disconnected. Run Connect-Zia again.", session));
        }
        return session;
    }

    /// <summary>
    /// ShouldProcess for every change: in a session that cannot prompt (a runbook, a scheduled task, pwsh -NonInteractive)
    /// a needed confirmation stops the command with ZiaConfirmationRequired, which says how to confirm, instead of
    /// PowerShell's raw NonInteractive error.
    /// </summary>
    internal bool ShouldChange(string? target, string action, string undone = NothingChanged)
    {
        try
        {
            return ShouldProcess(target, action);
        }
        catch (Exception ex) when (CannotPrompt(ex))
        {
            FailConfirmation(target, action, undone, ex);
            return false;
        }
    }

    private const string NothingChanged = "Nothing was changed.";

    /// <summary>
    /// ShouldChange for one path of a Medium-impact cmdlet that breaks more: it confirms as ConfirmImpact High
    /// would (at the default $ConfirmPreference), and -Confirm:$false or -WhatIf work as usual.
    /// </summary>
    /// <param name="undone">What the error says was not done when nobody can confirm; the caller may have changed other things already.</param>
    internal bool ShouldProcessAsHighImpact(string target, string action, string undone = NothingChanged)
    {
        if (!ShouldChange(target, action, undone))
        {
            return false;
        }
        if (MyInvocation.BoundParameters.ContainsKey("Confirm"))
        {
            return true;
        }
        object preference = GetVariableValue("ConfirmPreference");
        ConfirmImpact level = preference is ConfirmImpact c ? c : Enum.TryParse($"{preference}", true, out ConfirmImpact p) ? p : ConfirmImpact.High;
        // At Medium or below, ShouldProcess above has asked already; at None nothing asks.
        if (level != ConfirmImpact.High)
        {
            return true;
        }
        try
        {
            return ShouldContinue($"{action} on {target}?", "Confirm");
        }
        catch (Exception ex) when (CannotPrompt(ex))
        {
            FailConfirmation(target, action, undone, ex);
            return false;
        }
    }

    private static bool CannotPrompt(Exception ex) =>
        ex is PSInvalidOperationException || ex is System.Management.Automation.Host.HostException || ex is NotImplementedException;

    // Terminating: the command cannot go on without the answer.
    private void FailConfirmation(string? target, string action, string undone, Exception cause) =>
        Fail(new ZiaException("ZiaConfirmationRequired", ErrorCategory.InvalidOperation,
            $"'{action}' on {target} needs confirmation, and this session cannot prompt. In unattended scripts, pass -Confirm:$false to confirm it. {undone}",
            target, cause));

    // -Debug, or a $DebugPreference that shows Debug messages.
    private bool WantsDebug()
    {
        if (MyInvocation.BoundParameters.TryGetValue("Debug", out object? debug))
        {
            return debug is SwitchParameter on ? on.IsPresent : debug is bool b && b;
        }
        object preference = GetVariableValue("DebugPreference");
        ActionPreference level = preference is ActionPreference p ? p : Enum.TryParse($"{preference}", true, out ActionPreference parsed) ? parsed : ActionPreference.SilentlyContinue;
        return level is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
