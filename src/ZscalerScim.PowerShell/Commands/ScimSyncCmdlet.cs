using System;
using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Sync;

namespace ZscalerScim.Commands;

/// <summary>Base of the sync cmdlets: the time a plan takes at the connection's rate, said before any write, and -MaxDuration.</summary>
public abstract class ScimSyncCmdlet : ScimCmdlet
{
    /// <summary>The information record that carries the time estimate of a sync's plan.</summary>
    public const string EstimateTag = "ZscalerScimSyncEstimate";

    /// <summary>The longest the writes may take at the connection's rate; a longer plan is refused before anything is written.</summary>
    [Parameter]
    public TimeSpan MaxDuration { get; set; }

    protected override void BeginProcessing()
    {
        if (MyInvocation.BoundParameters.ContainsKey(nameof(MaxDuration)) && MaxDuration <= TimeSpan.Zero)
        {
            Fail(new ZiaException("ScimInvalidMaxDuration", ErrorCategory.InvalidArgument,
                $"-MaxDuration must be longer than zero; it was {MaxDuration}. Give the longest the writes may take, for example -MaxDuration (New-TimeSpan -Hours 2).", MaxDuration));
        }
    }

    /// <summary>
    /// Says how long the plan's <paramref name="changes"/> writes take (Verbose, the information stream, and a What if line
    /// under -WhatIf), and refuses the run, before anything is written, when that exceeds -MaxDuration.
    /// </summary>
    internal void CheckDuration(ScimConnection connection, int changes, string activity)
    {
        if (changes > 0)
        {
            CheckDuration(connection, Run((log, cancel) => SyncEstimate.ReadAsync(connection, changes, log, cancel)), activity);
        }
    }

    /// <summary>The same for a plan whose requests are counted already.</summary>
    internal void CheckDuration(ScimConnection connection, SyncEstimate estimate, string activity)
    {
        if (estimate.Changes == 0)
        {
            return;
        }
        string said = $"{activity}: {estimate}.";
        WriteVerbose(said);
        WriteInformation(new InformationRecord(said, activity) { Tags = { EstimateTag } });
        if (WhatIfOn())
        {
            ShouldProcess(connection.BaseUrl.ToString(), $"Write {estimate}");
        }
        if (MyInvocation.BoundParameters.ContainsKey(nameof(MaxDuration)) && estimate.Duration > MaxDuration)
        {
            Fail(new ZiaException("ScimSyncExceedsMaxDuration", ErrorCategory.LimitsExceeded,
                $"The plan's writes take about {SyncEstimate.Describe(estimate.Duration)} ({estimate}), more than -MaxDuration {SyncEstimate.Describe(MaxDuration)} ({MaxDuration}), so nothing was written. " +
                "Split the input into smaller runs, run it when there is time and give a longer -MaxDuration, or leave -MaxDuration out.", connection.BaseUrl));
        }
    }

    private bool WhatIfOn()
    {
        if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? whatIf))
        {
            return whatIf is SwitchParameter on ? on.IsPresent : whatIf is bool b && b;
        }
        return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
    }
}
