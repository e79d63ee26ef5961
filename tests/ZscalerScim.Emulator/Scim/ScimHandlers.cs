using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Scim;

/// <summary>The HTTP side of <c>/Users</c> and <c>/Groups</c>: query parameters, bodies, answers.</summary>
public static class ScimHandlers
{
    // ---------------- reads ----------------

    public static IResult ListUsers(HttpContext http)
    {
        var query = http.Request.Query;
        return ScimJson.Result(QueryUsers(ScimRoutes.Call(http), query["filter"],
            QueryNumber(query["startIndex"], "startIndex"), QueryNumber(query["count"], "count"),
            AttributeSelection.Parse(query["attributes"], query["excludedAttributes"])));
    }

    public static IResult ListGroups(HttpContext http)
    {
        var query = http.Request.Query;
        return ScimJson.Result(QueryGroups(ScimRoutes.Call(http), query["filter"],
            QueryNumber(query["startIndex"], "startIndex"), QueryNumber(query["count"], "count"),
            AttributeSelection.Parse(query["attributes"], query["excludedAttributes"])));
    }

    /// <summary><c>POST /Users/.search</c> (RFC 7644 §3.4.3).</summary>
    public static async Task<IResult> SearchUsers(HttpContext http)
    {
        var (filter, startIndex, count, selection) = ReadSearch(await ReadBodyAsync(http.Request));
        return ScimJson.Result(QueryUsers(ScimRoutes.Call(http), filter, startIndex, count, selection));
    }

    public static async Task<IResult> SearchGroups(HttpContext http)
    {
        var (filter, startIndex, count, selection) = ReadSearch(await ReadBodyAsync(http.Request));
        return ScimJson.Result(QueryGroups(ScimRoutes.Call(http), filter, startIndex, count, selection));
    }

    public static IResult GetUser(string id, HttpContext http)
    {
        var call = ScimRoutes.Call(http);
        var user = call.Directory.FindUser(id) ?? throw ScimException.NotFound($"User {id} not found");
        var query = http.Request.Query;
        return ScimJson.Result(ScimJson.Project(ScimJson.User(user, call.UserLocation(id)),
            AttributeSelection.Parse(query["attributes"], query["excludedAttributes"]), ScimUrns.User));
    }

    public static IResult GetGroup(string id, HttpContext http)
    {
        var call = ScimRoutes.Call(http);
        var query = http.Request.Query;
        var selection = AttributeSelection.Parse(query["attributes"], query["excludedAttributes"]);
        var group = call.Directory.FindGroup(id, selection.Returns("members")) ?? throw ScimException.NotFound($"Group {id} not found");
        return ScimJson.Result(ScimJson.Project(ScimJson.Group(group, call.GroupLocation(id)), selection, ScimUrns.Group));
    }

    private static JsonObject QueryUsers(ScimCall call, string? filterText, int? startIndex, int? count, AttributeSelection selection)
    {
        var filter = string.IsNullOrWhiteSpace(filterText) ? null : ScimFilter.Parse(filterText, FilterRules.Users);
        var (start, size) = Paging(call.Config, startIndex, count);
        var (total, page) = call.Directory.QueryUsers(filter, start, size);
        return ScimJson.ListResponse(total, start,
            page.Select(user => (JsonNode)ScimJson.Project(ScimJson.User(user, call.UserLocation(user.Id)), selection, ScimUrns.User)));
    }

    private static JsonObject QueryGroups(ScimCall call, string? filterText, int? startIndex, int? count, AttributeSelection selection)
    {
        var filter = string.IsNullOrWhiteSpace(filterText) ? null : ScimFilter.Parse(filterText, FilterRules.Groups);
        var (start, size) = Paging(call.Config, startIndex, count);
        var (total, page) = call.Directory.QueryGroups(filter, start, size, selection.Returns("members"));
        return ScimJson.ListResponse(total, start,
            page.Select(group => (JsonNode)ScimJson.Project(ScimJson.Group(group, call.GroupLocation(group.Id)), selection, ScimUrns.Group)));
    }

    /// <summary>startIndex is 1-based (below 1 means 1); count defaults to 100 and is capped at maxPageSize.</summary>
    private static (int StartIndex, int Count) Paging(ScimConfig config, int? startIndex, int? count) =>
        (Math.Max(1, startIndex ?? 1), Math.Clamp(count ?? ScimConfig.DefaultPageSize, 0, config.MaxPageSize));

    private static int? QueryNumber(string? text, string name) =>
        string.IsNullOrWhiteSpace(text) ? null
        : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number
        : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big) ? (big < 0 ? int.MinValue : int.MaxValue)
        : throw ScimException.InvalidValue($"{name} must be a whole number");

    private static (string? Filter, int? StartIndex, int? Count, AttributeSelection Selection) ReadSearch(JsonObject body)
    {
        ScimValues.RequireSchema(body, ScimUrns.SearchRequest);
        return (ScimValues.Text(body["filter"], "filter"), BodyNumber(body["startIndex"], "startIndex"), BodyNumber(body["count"], "count"),
            new AttributeSelection(BodyList(body["attributes"], "attributes"), BodyList(body["excludedAttributes"], "excludedAttributes")));
    }

    private static int? BodyNumber(JsonNode? node, string name) =>
        node switch
        {
            null => null,
            JsonValue value when value.TryGetValue(out int number) => number,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => QueryNumber(value.GetValue<string>(), name),
            _ => throw ScimException.InvalidValue($"{name} must be a whole number"),
        };

    private static string[]? BodyList(JsonNode? node, string name) =>
        node switch
        {
            null => null,
            JsonArray array => [.. array.Select(item => ScimValues.RequiredText(item, name))],
            JsonValue value when value.GetValueKind() == JsonValueKind.String =>
                value.GetValue<string>().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            _ => throw ScimException.InvalidValue($"{name} must be an array of strings"),
        };

    // ---------------- writes ----------------

    public static Task<IResult> CreateUser(HttpContext http) =>
        WriteAsync(http, true, null, (call, body) => ScimOperations.CreateUser(call, body!));

    public static Task<IResult> ReplaceUser(string id, HttpContext http) =>
        WriteAsync(http, true, id, (call, body) => ScimOperations.ReplaceUser(call, id, body!));

    public static Task<IResult> PatchUser(string id, HttpContext http) =>
        WriteAsync(http, true, id, (call, body) => ScimOperations.PatchUser(call, id, body!));

    public static Task<IResult> DeleteUser(string id, HttpContext http) =>
        WriteAsync(http, true, id, (call, _) => ScimOperations.DeleteUser(call, id), readBody: false);

    public static Task<IResult> CreateGroup(HttpContext http) =>
        WriteAsync(http, false, null, (call, body) => ScimOperations.CreateGroup(call, body!));

    public static Task<IResult> ReplaceGroup(string id, HttpContext http) =>
        WriteAsync(http, false, id, (call, body) => ScimOperations.ReplaceGroup(call, id, body!));

    public static Task<IResult> PatchGroup(string id, HttpContext http) =>
        WriteAsync(http, false, id, (call, body) => ScimOperations.PatchGroup(call, id, body!));

    public static Task<IResult> DeleteGroup(string id, HttpContext http) =>
        WriteAsync(http, false, id, (call, _) => ScimOperations.DeleteGroup(call, id), readBody: false);

    // One write, recorded in the event log where the server keeps one (a body that cannot be read is not a write).
    private static async Task<IResult> WriteAsync(HttpContext http, bool users, string? id, Func<ScimCall, JsonObject?, ScimOutcome> work, bool readBody = true)
    {
        var call = ScimRoutes.Call(http);
        var body = readBody ? await ReadBodyAsync(http.Request) : null;
        return Answer(http, call.Audit(http.Request.Method, users, id, body, () => work(call, body)));
    }

    // 201 carries the Location header (RFC 7644 §3.3); 204 has no body.
    private static IResult Answer(HttpContext http, ScimOutcome outcome)
    {
        if (outcome.Status == StatusCodes.Status201Created && outcome.Location is not null)
        {
            http.Response.Headers.Location = outcome.Location;
        }
        return outcome.Body is null ? Results.StatusCode(outcome.Status) : ScimJson.Result(outcome.Body, outcome.Status);
    }

    /// <summary>A JSON object body: 415 without a JSON content type (application/scim+json or application/json), else 400 invalidSyntax.</summary>
    public static async Task<JsonObject> ReadBodyAsync(HttpRequest request)
    {
        if (!request.HasJsonContentType())
        {
            throw new ScimException(StatusCodes.Status415UnsupportedMediaType, null,
                "Content-Type must be application/scim+json (or application/json)");
        }
        try
        {
            var node = await JsonNode.ParseAsync(request.Body, ScimJson.NodeOptions, cancellationToken: request.HttpContext.RequestAborted);
            return node is JsonObject body ? Touch(body) : throw ScimException.InvalidSyntax("The request body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw ScimException.InvalidSyntax($"The request body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>
    /// Parses a JSON object from bytes (Bulk). Forces the object's properties to materialise so
    /// that a name given twice (in any case) fails here as invalidSyntax, not later.
    /// </summary>
    public static JsonObject ParseObject(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return JsonNode.Parse(utf8, ScimJson.NodeOptions) is JsonObject body
                ? Touch(body)
                : throw ScimException.InvalidSyntax("The request body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw ScimException.InvalidSyntax($"The request body is not valid JSON: {e.Message}");
        }
    }

    private static JsonObject Touch(JsonObject body)
    {
        try
        {
            Materialize(body);
            return body;
        }
        catch (ArgumentException e)
        {
            // JsonObject says which name; attribute names are case-insensitive, so userName and username clash.
            throw ScimException.InvalidSyntax($"The request body gives an attribute twice (names are case-insensitive): {e.Message}");
        }
    }

    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    Materialize(value);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Materialize(item);
                }
                break;
        }
    }
}
