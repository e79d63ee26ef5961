using System.Text.Json.Nodes;
using ZscalerScim.Emulator.Control;

namespace ZscalerScim.Emulator.Scim;

/// <summary>
/// <c>GET /_emulator/scim/counters</c>: SCIM requests since the last <c>DELETE /_emulator/requests</c>,
/// derived from the request log (so faulted and rate-limited requests count too).
/// </summary>
public static class ScimCounters
{
    public static JsonObject Describe(RequestLog log)
    {
        var byMethod = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var byPath = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var byRoute = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int total = 0, rateLimited = 0;
        foreach (var (method, path, status) in log.Summaries())
        {
            if (ScimPaths.Normalize(path) is not { } normalized)
            {
                continue;
            }
            total++;
            Count(byMethod, method);
            Count(byPath, normalized);
            Count(byRoute, $"{method} {normalized}");
            if (status == StatusCodes.Status429TooManyRequests)
            {
                rateLimited++;
            }
        }
        return new JsonObject
        {
            ["total"] = total,
            ["byMethod"] = ToJson(byMethod),
            ["byPath"] = ToJson(byPath),
            ["byRoute"] = ToJson(byRoute),
            ["rateLimited"] = rateLimited,
        };
    }

    private static void Count(SortedDictionary<string, int> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    private static JsonObject ToJson(SortedDictionary<string, int> counts)
    {
        var json = new JsonObject();
        foreach (var (key, count) in counts)
        {
            json[key] = count;
        }
        return json;
    }
}
