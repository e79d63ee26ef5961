using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Threading;
using ZscalerScim.Internal;

namespace ZscalerScim.Zia;

/// <summary>
/// Reads the event-log report's CSV as it streams in: columns by header title (their order and extra columns do not
/// matter), one <see cref="ZiaEventLogEntry"/> per row. A needed column that is missing fails before any row is handed on.
/// </summary>
internal static class EventLogCsv
{
    private static readonly string[] Needed = { ZiaWire.ColumnTime, ZiaWire.ColumnCategory, ZiaWire.ColumnResult, ZiaWire.ColumnMessage };

    /// <summary>Reads every row into <paramref name="each"/>; returns how many were read.</summary>
    public static int Read(TextReader text, long orgId, Action<ZiaEventLogEntry> each, CancellationToken cancel)
    {
        List<string>? header = ReadRecord(text);
        if (header is null)
        {
            throw Unreadable($"The event-log report came back empty, without the header row (needed columns: {string.Join(", ", Needed)}).");
        }
        Dictionary<string, int> index = new(StringComparer.Ordinal);
        for (int i = 0; i < header.Count; i++)
        {
            string key = Key(header[i]);
            if (!index.ContainsKey(key))
            {
                index[key] = i;
            }
        }
        if (Needed.FirstOrDefault(c => !index.ContainsKey(Key(c))) is { } missing)
        {
            throw Unreadable($"The event-log report has no '{missing}' column (its columns: {string.Join(", ", header.Select(h => h.Trim()))}). " +
                "ZIA may have changed the report's format: update ZscalerScim, or read the log in the portal (Administration > Event Logs).");
        }
        int time = index[Key(ZiaWire.ColumnTime)], category = index[Key(ZiaWire.ColumnCategory)], result = index[Key(ZiaWire.ColumnResult)], message = index[Key(ZiaWire.ColumnMessage)];
        int sub = index.TryGetValue(Key(ZiaWire.ColumnSubCategory), out int s) ? s : -1;
        int error = index.TryGetValue(Key(ZiaWire.ColumnErrorCode), out int e) ? e : -1;
        int status = index.TryGetValue(Key(ZiaWire.ColumnStatusCode), out int c) ? c : -1;

        int rows = 0;
        for (List<string>? record; (record = ReadRecord(text)) is not null;)
        {
            cancel.ThrowIfCancellationRequested();
            if (record.Count == 1 && record[0].Length == 0)
            {
                continue;
            }
            rows++;
            string Field(int at) => at >= 0 && at < record.Count ? record[at].Trim() : string.Empty;
            string resultText = Field(result);
            each(new ZiaEventLogEntry(
                ParseTime(Field(time), rows),
                Field(category),
                NullIfEmpty(Field(sub)),
                ParseResult(resultText),
                resultText,
                Field(message),
                NullIfEmpty(Field(error)),
                int.TryParse(Field(status), NumberStyles.Integer, CultureInfo.InvariantCulture, out int code) ? code : null,
                orgId));
        }
        return rows;
    }

    private static ZiaEventLogResult ParseResult(string text) =>
        string.Equals(text, ZiaWire.EventResultSuccess, StringComparison.OrdinalIgnoreCase) ? ZiaEventLogResult.Success
        : string.Equals(text, ZiaWire.EventResultFailure, StringComparison.OrdinalIgnoreCase) ? ZiaEventLogResult.Failure
        : ZiaEventLogResult.Other;

    /// <summary>An ISO 8601 or other invariant date (UTC unless it says otherwise), or epoch milliseconds.</summary>
    private static DateTime ParseTime(string text, int row)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long ms))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms).LocalDateTime;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time))
        {
            return time.LocalDateTime;
        }
        throw Unreadable($"Row {row} of the event-log report has '{text}' in its '{ZiaWire.ColumnTime}' column, which is not a time this module can read.");
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    // "Sub-Category", "sub category" and "SubCategory" are one column.
    private static string Key(string title) => new(title.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static ZiaException Unreadable(string message) =>
        new("ZiaEventLogUnreadable", ErrorCategory.InvalidData, message);

    /// <summary>One RFC 4180 record (quoted fields may hold commas, quotes and line breaks); null at the end.</summary>
    private static List<string>? ReadRecord(TextReader text)
    {
        int ch = text.Read();
        if (ch < 0)
        {
            return null;
        }
        List<string> fields = new();
        StringBuilder field = new();
        bool quoted = false;
        for (; ch >= 0; ch = text.Read())
        {
            char c = (char)ch;
            if (quoted)
            {
                if (c == '"')
                {
                    if (text.Peek() == '"')
                    {
                        field.Append('"');
                        text.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    return fields;
                default:
                    field.Append(c);
                    break;
            }
        }
        fields.Add(field.ToString());
        return fields;
    }
}
