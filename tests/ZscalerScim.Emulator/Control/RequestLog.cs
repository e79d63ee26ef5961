using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Control;

/// <summary>One request as <c>GET /_emulator/requests</c> shows it; Status is set when it ends.</summary>
public sealed class RequestLogEntry(string method, string path, string query, DateTimeOffset timestamp)
{
    public string Method { get; } = method;
    public string Path { get; } = path;
    public string Query { get; } = query;
    public DateTimeOffset Timestamp { get; } = timestamp;

    /// <summary>0 while running, and for a dropped connection.</summary>
    public int Status { get; set; }
}

/// <summary>Every request outside <c>/_emulator</c>, in arrival order.</summary>
public sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly List<RequestLogEntry> _entries = [];

    public RequestLogEntry Start(string method, string path, string query)
    {
        var entry = new RequestLogEntry(method, path, query, DateTimeOffset.UtcNow);
        lock (_gate)
        {
            _entries.Add(entry);
        }
        return entry;
    }

    public void Complete(RequestLogEntry entry, int status)
    {
        lock (_gate)
        {
            entry.Status = status;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    /// <summary>Method, path and status of every entry (for the SCIM counters).</summary>
    public IReadOnlyList<(string Method, string Path, int Status)> Summaries()
    {
        lock (_gate)
        {
            return [.. _entries.Select(e => (e.Method, e.Path, e.Status))];
        }
    }

    public JsonArray ToJson()
    {
        lock (_gate)
        {
            return new JsonArray([.. _entries.Select(e => (JsonNode)new JsonObject
            {
                ["method"] = e.Method,
                ["path"] = e.Path,
                ["query"] = e.Query,
                ["status"] = e.Status,
                ["timestamp"] = e.Timestamp.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            })]);
        }
    }
}
