using System;
using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Zia;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Get, "ZiaEventLog")]
[OutputType(typeof(ZiaEventLogEntry))]
public sealed class GetZiaEventLogCommand : ZiaAdminCmdlet
{
    /// <summary>The window's start: a time, or a span back from now; by default 24 hours ago; at most 14 days back.</summary>
    [Parameter(Position = 0)]
    [Since]
    public DateTime Since { get; set; } = DateTime.Now.AddHours(-24);

    /// <summary>The window's end; by default now.</summary>
    [Parameter]
    public DateTime Until { get; set; } = DateTime.Now;

    /// <summary>Only entries of this category (as the portal names it).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Category { get; set; }

    /// <summary>Only entries of these sub-categories.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? SubCategory { get; set; }

    /// <summary>Only successes or only failures.</summary>
    [Parameter]
    [ValidateSet(nameof(ZiaEventLogResult.Success), nameof(ZiaEventLogResult.Failure))]
    public ZiaEventLogResult? Result { get; set; }

    /// <summary>SCIM client activity only (the SCIM category).</summary>
    [Parameter]
    public SwitchParameter Scim { get; set; }

    /// <summary>Only entries whose message contains this text.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Message { get; set; }

    /// <summary>Only entries whose error code contains this text.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ErrorCode { get; set; }

    /// <summary>Only entries with this HTTP status.</summary>
    [Parameter]
    [ValidateRange(100, 599)]
    public int? StatusCode { get; set; }

    /// <summary>How long to wait for the report (and for one already running) before giving up.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 300;

    protected override void EndProcessing()
    {
        EventLogQuery query = new()
        {
            Since = Since,
            Until = Until,
            Category = Category,
            Scim = Scim,
            SubCategories = SubCategory,
            Result = Result,
            Message = Message,
            ErrorCode = ErrorCode,
            StatusCode = StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        try
        {
            query.Check(DateTime.Now);
        }
        catch (ZiaException ex)
        {
            Fail(ex);
        }
        ZiaSession session = ResolveSession();
        try
        {
            int count = Run((log, cancel) => EventLogReports.ReadAsync(session, query, TimeSpan.FromSeconds(TimeoutSec),
                entry => log.Add(c => c.WriteObject(entry)), log, cancel));
            WriteVerbose($"{count} event-log entries from {Since:s} to {Until:s}.");
        }
        catch (ZiaException ex)
        {
            Fail(ex);
        }
    }
}
