using System.Text.Json;
using System.Text.Json.Nodes;
using ZscalerScim.Emulator.State;

namespace ZscalerScim.Emulator.Scim;

/// <summary>
/// How the SCIM server behaves; <c>PUT /_emulator/scim/config</c> changes it to imitate other
/// servers. The defaults are Zscaler's.
/// </summary>
/// <param name="ArrivalDelayMs">Up to this many milliseconds of random delay (uniform, 0 to the value) before a request
/// reaches the rate limiter: the varying network between a client and the server, which counts on arrival. 0: none.</param>
public sealed record ScimConfig(
    bool RequireTokenOnDiscovery, bool RelativeLocation, int MaxPageSize, bool BulkEnabled, bool RateLimit, bool CaseExactUserNames = false,
    int ArrivalDelayMs = 0)
{
    /// <summary>The longest arrival delay accepted: a second, the rate limit's window.</summary>
    public const int MostArrivalDelayMs = 1000;

    public const int DefaultPageSize = 100;
    public const int BulkMaxOperations = 100;
    public const int BulkMaxPayloadSize = 1048576;

    public static ScimConfig Default { get; } = new(false, false, 1000, true, true);

    public JsonObject ToJson() => new()
    {
        ["requireTokenOnDiscovery"] = RequireTokenOnDiscovery,
        ["relativeLocation"] = RelativeLocation,
        ["maxPageSize"] = MaxPageSize,
        ["bulkEnabled"] = BulkEnabled,
        ["rateLimit"] = RateLimit,
        ["caseExactUserNames"] = CaseExactUserNames,
        ["arrivalDelayMs"] = ArrivalDelayMs,
    };

    /// <summary>The fields present in <paramref name="body"/> change; the others keep their values.</summary>
    /// <exception cref="InvalidInputException">A value of the wrong type or out of range.</exception>
    public ScimConfig Merge(JsonObject body) => new(
        Flag(body, "requireTokenOnDiscovery", RequireTokenOnDiscovery),
        Flag(body, "relativeLocation", RelativeLocation),
        body["maxPageSize"] switch
        {
            null => MaxPageSize,
            JsonValue value when value.TryGetValue(out int size) && size >= 1 => size,
            _ => throw new InvalidInputException("maxPageSize must be a whole number of at least 1"),
        },
        Flag(body, "bulkEnabled", BulkEnabled),
        Flag(body, "rateLimit", RateLimit),
        Flag(body, "caseExactUserNames", CaseExactUserNames),
        body["arrivalDelayMs"] switch
        {
            null => ArrivalDelayMs,
            JsonValue value when value.TryGetValue(out int delay) && delay is >= 0 and <= MostArrivalDelayMs => delay,
            _ => throw new InvalidInputException($"arrivalDelayMs must be a whole number from 0 to {MostArrivalDelayMs}"),
        });

    private static bool Flag(JsonObject body, string name, bool current) =>
        body[name] switch
        {
            null => current,
            JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
            _ => throw new InvalidInputException($"{name} must be true or false"),
        };
}

/// <summary>The current <see cref="ScimConfig"/>, shared by every request.</summary>
public sealed class ScimSettings
{
    private readonly Lock _gate = new();
    private ScimConfig _current = ScimConfig.Default;

    public ScimConfig Current
    {
        get { lock (_gate) { return _current; } }
    }

    /// <exception cref="InvalidInputException">A bad field; nothing changes.</exception>
    public ScimConfig Update(JsonObject body)
    {
        lock (_gate)
        {
            return _current = _current.Merge(body);
        }
    }
}
