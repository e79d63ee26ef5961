using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.EventLog;

/// <summary>One entry of ZIA's event log (Administration > Event Logs): SCIM client activity.</summary>
public sealed record ZiaEvent(DateTimeOffset Time, string Category, string SubCategory, string Result, string Message, string ErrorCode, int StatusCode);

/// <summary>
/// ZIA's event log of SCIM client activity and its one report (help.zscaler.com/zia/event-logs): entries are recorded by the
/// SCIM server as requests are answered and kept 14 days; <c>POST /eventlogEntryReport</c> starts a report (a new one
/// replaces the last), <c>GET</c> gives its TaskInfo, <c>/download</c> its CSV once COMPLETE, <c>DELETE</c> cancels it.
/// Column titles and category values are not published beyond the portal's columns: the ones here are this emulator's.
/// </summary>
public sealed class ZiaEventLog
{
    public const string ScimCategory = "SCIM";
    public const string Success = "SUCCESS", Failure = "FAILURE";
    public const string Executing = "EXECUTING", Complete = "COMPLETE", Cancelled = "CANCELLED";
    public static readonly TimeSpan Retention = TimeSpan.FromDays(14);

    /// <summary>The CSV's columns, in order: the portal's column titles.</summary>
    public static readonly string[] Columns = ["Time", "Category", "Sub-Category", "Result", "Message", "Error Code", "Status Code"];

    private readonly Lock _gate = new();
    private readonly List<ZiaEvent> _events = [];
    private readonly HashSet<DateOnly> _wrongDomainDays = [];
    private Report? _report;
    private EventLogConfig _config = new(0, [], false);

    private sealed record Report(DateTimeOffset Started, DateTimeOffset Done, List<ZiaEvent> Rows)
    {
        public string Status { get; set; } = Executing;
    }

    /// <summary>How long a report takes; columns left out of the CSV (a changed export); a report that never finishes.</summary>
    public sealed record EventLogConfig(int ReportDelayMs, string[] OmitColumns, bool ReportStuck)
    {
        public JsonObject ToJson() => new()
        {
            ["reportDelayMs"] = ReportDelayMs,
            ["omitColumns"] = new JsonArray([.. OmitColumns.Select(c => (JsonNode)c)]),
            ["reportStuck"] = ReportStuck,
        };
    }

    /// <summary>
    /// Records a SCIM refusal or success. Zscaler: "only one SCIM log is audited per day for wrong domain errors"
    /// (zia/about-event-logs): a second wrong-domain refusal on the same (UTC) day is not recorded.
    /// </summary>
    public void Record(ZiaEvent entry, bool wrongDomain = false)
    {
        lock (_gate)
        {
            if (wrongDomain && !_wrongDomainDays.Add(DateOnly.FromDateTime(entry.Time.UtcDateTime)))
            {
                return;
            }
            _events.Add(entry);
        }
    }

    public JsonArray List()
    {
        lock (_gate)
        {
            Prune(DateTimeOffset.UtcNow);
            return new JsonArray([.. _events.Select(e => (JsonNode)ToJson(e))]);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _events.Clear();
            _wrongDomainDays.Clear();
            _report = null;
        }
    }

    public EventLogConfig Config
    {
        get { lock (_gate) { return _config; } }
    }

    /// <exception cref="InvalidInputException">A value of the wrong type, or a column that is not one of the CSV's.</exception>
    public EventLogConfig UpdateConfig(JsonObject body)
    {
        lock (_gate)
        {
            var config = _config;
            if (body["reportDelayMs"] is { } delay)
            {
                config = config with { ReportDelayMs = delay is JsonValue v && v.TryGetValue(out int ms) && ms >= 0 ? ms : throw new InvalidInputException("reportDelayMs must be a whole number of at least 0") };
            }
            if (body["omitColumns"] is { } omit)
            {
                var names = omit is JsonArray a && a.All(n => n is JsonValue s && s.GetValueKind() == JsonValueKind.String)
                    ? a.Select(n => n!.GetValue<string>()).ToArray()
                    : throw new InvalidInputException("omitColumns must be an array of column titles");
                if (names.FirstOrDefault(n => !Columns.Contains(n)) is { } unknown)
                {
                    throw new InvalidInputException($"omitColumns: '{unknown}' is not a column ({string.Join(", ", Columns)})");
                }
                config = config with { OmitColumns = names };
            }
            if (body["reportStuck"] is { } stuck)
            {
                config = config with { ReportStuck = stuck is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? b.GetValue<bool>() : throw new InvalidInputException("reportStuck must be true or false") };
            }
            return _config = config;
        }
    }

    /// <summary>Seeds entries (any time within the retention), for tests of windows and grouping.</summary>
    /// <exception cref="InvalidInputException">An entry without a valid time, result or message.</exception>
    public void Seed(JsonArray entries)
    {
        var parsed = entries.Select(FromJson).ToList();
        lock (_gate)
        {
            _events.AddRange(parsed);
        }
    }

    /// <summary><c>POST /eventlogEntryReport</c>: a new report replaces the last (also one still running).</summary>
    /// <exception cref="InvalidInputException">A field of the wrong type or an actionResult other than SUCCESS or FAILURE.</exception>
    public void StartReport(JsonObject request)
    {
        var now = DateTimeOffset.UtcNow;
        var start = Epoch(request, "startTime") ?? now - Retention;
        var end = Epoch(request, "endTime") ?? now;
        var category = Text(request, "category");
        var result = Text(request, "actionResult");
        if (result is not null && result is not (Success or Failure))
        {
            throw new InvalidInputException($"actionResult must be {Success} or {Failure}");
        }
        var subcategories = request["subcategories"] switch
        {
            null => null,
            JsonArray a when a.All(n => n is JsonValue s && s.GetValueKind() == JsonValueKind.String) => a.Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase),
            _ => throw new InvalidInputException("subcategories must be an array of strings"),
        };
        var message = Text(request, "message");
        var errorCode = Text(request, "errorCode");
        var statusCode = Text(request, "statusCode");
        lock (_gate)
        {
            Prune(now);
            var rows = _events.Where(e => e.Time >= start && e.Time <= end
                && (category is null || string.Equals(e.Category, category, StringComparison.OrdinalIgnoreCase))
                && (subcategories is null || subcategories.Contains(e.SubCategory))
                && (result is null || e.Result == result)
                && (message is null || e.Message.Contains(message, StringComparison.OrdinalIgnoreCase))
                && (errorCode is null || e.ErrorCode.Contains(errorCode, StringComparison.OrdinalIgnoreCase))
                && (statusCode is null || e.StatusCode.ToString(CultureInfo.InvariantCulture) == statusCode))
                .OrderByDescending(e => e.Time).ToList();
            _report = new Report(now, _config.ReportStuck ? DateTimeOffset.MaxValue : now.AddMilliseconds(_config.ReportDelayMs), rows);
        }
    }

    /// <summary><c>GET /eventlogEntryReport</c>: the TaskInfo of the last report (status, progress, end time, error).</summary>
    public JsonObject TaskInfo()
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            if (_report is null)
            {
                return new JsonObject { ["status"] = Complete, ["progressItemsComplete"] = 0, ["progressEndTime"] = 0 };
            }
            Advance(now);
            var total = _report.Rows.Count;
            var span = (_report.Done - _report.Started).TotalMilliseconds;
            var done = _report.Status == Executing && span > 0 && _report.Done != DateTimeOffset.MaxValue
                ? (int)(total * Math.Clamp((now - _report.Started).TotalMilliseconds / span, 0, 1))
                : _report.Status == Complete ? total : 0;
            return new JsonObject
            {
                ["status"] = _report.Status,
                ["progressItemsComplete"] = done,
                ["progressEndTime"] = _report.Status == Complete ? _report.Done.ToUnixTimeMilliseconds() : 0,
                ["errorCode"] = null,
                ["errorMessage"] = null,
            };
        }
    }

    /// <summary><c>GET /eventlogEntryReport/download</c>: the CSV, or null while the report is not COMPLETE.</summary>
    public string? Download()
    {
        lock (_gate)
        {
            if (_report is null)
            {
                return Csv([]);
            }
            Advance(DateTimeOffset.UtcNow);
            return _report.Status == Complete ? Csv(_report.Rows) : null;
        }
    }

    /// <summary><c>DELETE /eventlogEntryReport</c>: a running report is cancelled.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            if (_report is { Status: Executing })
            {
                _report.Status = Cancelled;
            }
        }
    }

    // Caller holds the lock.
    private void Advance(DateTimeOffset now)
    {
        if (_report is { Status: Executing } report && now >= report.Done)
        {
            report.Status = Complete;
        }
    }

    private void Prune(DateTimeOffset now) => _events.RemoveAll(e => e.Time < now - Retention);

    // Caller holds the lock.
    private string Csv(IEnumerable<ZiaEvent> rows)
    {
        var columns = Columns.Where(c => !_config.OmitColumns.Contains(c)).ToArray();
        var csv = new StringBuilder();
        csv.Append(string.Join(",", columns.Select(Quote))).Append("\r\n");
        foreach (var e in rows)
        {
            csv.Append(string.Join(",", columns.Select(c => Quote(Field(e, c))))).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Field(ZiaEvent e, string column) => column switch
    {
        "Time" => e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        "Category" => e.Category,
        "Sub-Category" => e.SubCategory,
        "Result" => e.Result,
        "Message" => e.Message,
        "Error Code" => e.ErrorCode,
        _ => e.StatusCode.ToString(CultureInfo.InvariantCulture),
    };

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static JsonObject ToJson(ZiaEvent e) => new()
    {
        ["time"] = e.Time.ToUnixTimeMilliseconds(),
        ["category"] = e.Category,
        ["subCategory"] = e.SubCategory,
        ["result"] = e.Result,
        ["message"] = e.Message,
        ["errorCode"] = e.ErrorCode,
        ["statusCode"] = e.StatusCode,
    };

    private static ZiaEvent FromJson(JsonNode? node)
    {
        if (node is not JsonObject o)
        {
            throw new InvalidInputException("each entry must be an object");
        }
        var time = Epoch(o, "time") ?? throw new InvalidInputException("time (epoch milliseconds) is required");
        var result = Text(o, "result") ?? Failure;
        if (result is not (Success or Failure))
        {
            throw new InvalidInputException($"result must be {Success} or {Failure}");
        }
        return new ZiaEvent(time, Text(o, "category") ?? ScimCategory, Text(o, "subCategory") ?? "User", result,
            Text(o, "message") ?? throw new InvalidInputException("message is required"), Text(o, "errorCode") ?? "",
            o["statusCode"] is JsonValue s && s.TryGetValue(out int status) ? status : result == Success ? 200 : 400);
    }

    private static DateTimeOffset? Epoch(JsonObject o, string name) => o[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms),
        _ => throw new InvalidInputException($"{name} must be epoch milliseconds"),
    };

    private static string? Text(JsonObject o, string name) => o[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new InvalidInputException($"{name} must be a string"),
    };
}
