using System;

namespace ZscalerScim;

/// <summary>The outcome of an event-log entry.</summary>
public enum ZiaEventLogResult
{
    Success,
    Failure,

    /// <summary>A result this module does not know (the text is in <c>ResultText</c>).</summary>
    Other,
}

/// <summary>One entry of ZIA's event log (Administration > Event Logs): SCIM client activity, read from the report's CSV.</summary>
public sealed class ZiaEventLogEntry
{
    internal ZiaEventLogEntry(DateTime time, string category, string? subCategory, ZiaEventLogResult result, string resultText, string message, string? errorCode, int? statusCode, long orgId)
    {
        Time = time;
        Category = category;
        SubCategory = subCategory;
        Result = result;
        ResultText = resultText;
        Message = message;
        ErrorCode = errorCode;
        StatusCode = statusCode;
        OrgId = orgId;
    }

    /// <summary>When ZIA recorded it (local time).</summary>
    public DateTime Time { get; }

    public string Category { get; }

    public string? SubCategory { get; }

    public ZiaEventLogResult Result { get; }

    /// <summary>The result as the report wrote it.</summary>
    public string ResultText { get; }

    public string Message { get; }

    public string? ErrorCode { get; }

    /// <summary>The HTTP status ZIA answered the SCIM client with, when the report has it.</summary>
    public int? StatusCode { get; }

    public long OrgId { get; }

    public override string ToString() => $"{Time:s} {Result} {Message}";
}
