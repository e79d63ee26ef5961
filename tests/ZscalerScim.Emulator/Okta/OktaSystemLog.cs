using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ZscalerScim.Emulator.Okta;

/// <summary>
/// Okta's System Log (GET /api/v1/logs) and an app's users (GET /api/v1/apps/{appId}/users), with what Okta records when it
/// pushes users to the app's SCIM server. A log query without until is a polling request: its next link never ends.
/// </summary>
public static partial class OktaSystemLog
{
    private const int DefaultLimit = 100, MaxLimit = 1000;

    public static void Map(WebApplication okta, OktaState state, Func<string> origin)
    {
        okta.MapGet("/api/v1/logs", (HttpContext context) =>
            OktaAuth.Check(context, state, write: false, scope: "okta.logs.read") ?? Logs(context, state, origin()));

        okta.MapGet("/api/v1/apps/{id}/users", (HttpContext context, string id, string? after, int? limit) =>
            OktaAuth.Check(context, state, write: false) ?? state.With(view =>
            {
                if (view.Apps.FirstOrDefault(a => a.Id == id) is not { } app)
                {
                    return OktaErrors.NotFound($"{id} (AppInstance)");
                }
                var take = Math.Clamp(limit ?? 50, 1, 500);
                var start = after is null ? 0 : app.Users.FindIndex(u => u.Id == after) + 1;
                var page = app.Users.Skip(start).Take(take).ToList();
                if (start + take < app.Users.Count)
                {
                    context.Response.Headers.Append("Link", $"<{origin()}/api/v1/apps/{id}/users?limit={take}&after={page[^1].Id}>; rel=\"next\"");
                }
                return Results.Json(new JsonArray([.. page.Select(u => (JsonNode)u.ToJson(origin(), id))]));
            }));
    }

    private static IResult Logs(HttpContext context, OktaState state, string origin)
    {
        var query = context.Request.Query;
        var now = DateTimeOffset.UtcNow;
        DateTimeOffset? until = null;
        if (query["until"].ToString() is { Length: > 0 } u)
        {
            if (!DateTimeOffset.TryParse(u, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return OktaErrors.Api(400, "E0000001", "Api validation failed: until", "until: The until parameter must be an ISO 8601 date.");
            }
            until = parsed;
        }
        var since = (until ?? now).AddDays(-7);
        if (query["since"].ToString() is { Length: > 0 } s && !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out since))
        {
            return OktaErrors.Api(400, "E0000001", "Api validation failed: since", "since: The since parameter must be an ISO 8601 date.");
        }
        Func<JsonObject, bool> test = _ => true;
        if (query["filter"].ToString() is { Length: > 0 } filter)
        {
            if (Parse(filter) is not { } parsed)
            {
                return OktaErrors.Api(400, "E0000031", "Invalid search criteria.");
            }
            test = parsed;
        }
        var limit = int.TryParse(query["limit"].ToString(), out var l) ? Math.Clamp(l, 1, MaxLimit) : DefaultLimit;
        var descending = string.Equals(query["sortOrder"].ToString(), "DESCENDING", StringComparison.OrdinalIgnoreCase);
        var matching = state.Events()
            .Where(e => Published(e) is { } at && at >= since && at < (until ?? now))
            .Where(test)
            .ToList();
        if (descending)
        {
            matching.Reverse();
        }
        var after = query["after"].ToString();
        var start = after.Length == 0 ? 0 : matching.FindIndex(e => e["uuid"]?.ToString() == after) + 1;
        var page = matching.Skip(start).Take(limit).ToList();
        var self = $"{origin}/api/v1/logs{context.Request.QueryString}";
        context.Response.Headers.Append("Link", $"<{self}>; rel=\"self\"");
        // Without until the request polls: there is always a next link. With it, only while events remain.
        var more = start + page.Count < matching.Count;
        if (until is null || more)
        {
            var cursor = page.Count > 0 ? page[^1]["uuid"]!.ToString() : after;
            var next = Regex.Replace(context.Request.QueryString.Value ?? "", @"([?&])after=[^&]*&?", "$1").TrimEnd('&', '?');
            next += (next.Length == 0 ? "?" : "&") + "after=" + Uri.EscapeDataString(cursor);
            context.Response.Headers.Append("Link", $"<{origin}/api/v1/logs{next}>; rel=\"next\"");
        }
        return Results.Json(new JsonArray([.. page.Select(e => e.DeepClone())]));
    }

    /// <summary>One System Log event (LogEvent), with the app and the user as targets.</summary>
    public static JsonObject Event(OktaApp app, OktaAppUser? user, string eventType, string result, string? reason, string message) => new()
    {
        ["uuid"] = Guid.NewGuid().ToString(),
        ["published"] = OktaTime.Write(DateTimeOffset.UtcNow),
        ["eventType"] = eventType,
        ["version"] = "0",
        ["severity"] = result == "FAILURE" ? "ERROR" : "INFO",
        ["legacyEventType"] = null,
        ["displayMessage"] = message,
        ["actor"] = new JsonObject { ["id"] = "0oa" + RandomNumberGenerator.GetHexString(17, lowercase: true), ["type"] = "PublicClientApp", ["alternateId"] = "Okta provisioning", ["displayName"] = "Okta" },
        ["client"] = null,
        ["outcome"] = new JsonObject { ["result"] = result, ["reason"] = reason },
        ["target"] = user is null
            ? new JsonArray(AppTarget(app))
            : new JsonArray(AppTarget(app), new JsonObject { ["id"] = user.Id, ["type"] = "User", ["alternateId"] = user.UserName, ["displayName"] = user.UserName, ["detailEntry"] = null }),
        ["transaction"] = new JsonObject { ["type"] = "JOB", ["id"] = Guid.NewGuid().ToString("N"), ["detail"] = new JsonObject() },
        ["debugContext"] = new JsonObject { ["debugData"] = new JsonObject() },
        ["authenticationContext"] = new JsonObject(),
        ["securityContext"] = new JsonObject(),
    };

    private static JsonObject AppTarget(OktaApp app) =>
        new() { ["id"] = app.Id, ["type"] = "AppInstance", ["alternateId"] = app.Label, ["displayName"] = app.Label, ["detailEntry"] = null };

    private static DateTimeOffset? Published(JsonObject e) =>
        DateTimeOffset.TryParse(e["published"]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    // The SCIM-like filter Okta documents for the System Log, as far as the module uses it: comparisons with eq, joined
    // by and, with or inside parentheses. Fields: target.id, eventType, outcome.result, actor.id.
    private static Func<JsonObject, bool>? Parse(string filter)
    {
        var terms = new List<Func<JsonObject, bool>>();
        foreach (var conjunct in SplitTopLevel(filter.Trim(), "and"))
        {
            var text = conjunct.Trim();
            if (text.StartsWith('(') && text.EndsWith(')'))
            {
                var alternatives = SplitTopLevel(text[1..^1], "or").Select(a => Comparison(a.Trim())).ToList();
                if (alternatives.Count == 0 || alternatives.Any(a => a is null))
                {
                    return null;
                }
                terms.Add(e => alternatives.Any(a => a!(e)));
            }
            else if (Comparison(text) is { } single)
            {
                terms.Add(single);
            }
            else
            {
                return null;
            }
        }
        return e => terms.All(t => t(e));
    }

    private static Func<JsonObject, bool>? Comparison(string text)
    {
        var m = ComparisonPattern().Match(text);
        if (!m.Success)
        {
            return null;
        }
        var value = m.Groups[2].Value.Replace("\\\"", "\"");
        return m.Groups[1].Value switch
        {
            "target.id" => e => (e["target"] as JsonArray ?? []).Any(t => t?["id"]?.ToString() == value),
            "eventType" => e => e["eventType"]?.ToString() == value,
            "outcome.result" => e => e["outcome"]?["result"]?.ToString() == value,
            "actor.id" => e => e["actor"]?["id"]?.ToString() == value,
            _ => null,
        };
    }

    private static List<string> SplitTopLevel(string text, string word)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        var inQuote = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"' && (i == 0 || text[i - 1] != '\\'))
            {
                inQuote = !inQuote;
            }
            else if (!inQuote && c == '(')
            {
                depth++;
            }
            else if (!inQuote && c == ')')
            {
                depth--;
            }
            else if (!inQuote && depth == 0 && i + word.Length + 2 <= text.Length && text[i] == ' ' &&
                     string.Compare(text, i + 1, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0 && text[i + word.Length + 1] == ' ')
            {
                parts.Add(text[start..i]);
                start = i + word.Length + 2;
                i = start - 1;
            }
        }
        parts.Add(text[start..]);
        return parts;
    }

    [GeneratedRegex("^(target\\.id|eventType|outcome\\.result|actor\\.id)\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"$")]
    private static partial Regex ComparisonPattern();
}
