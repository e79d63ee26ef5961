using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ZscalerScim.Emulator.Scim;

/// <summary>
/// <c>POST /Bulk</c> (RFC 7644 §3.7). Operations run one by one through the same code as the
/// resource endpoints; <c>bulkId:&lt;id&gt;</c> in a path or in any string of data (a value, or
/// inside a PATCH path's filter) stands for the resource a POST of this request created. An operation that refers to a POST later in the list
/// waits for it; references that cannot be resolved (unknown, failed or circular) fail with 409.
/// </summary>
public static partial class ScimBulk
{
    private const string BulkIdPrefix = "bulkId:";

    private sealed class Operation(JsonObject source)
    {
        public JsonObject Source { get; } = source;
        public string Method { get; set; } = "";
        public string? BulkId { get; set; }
        public string Path { get; set; } = "";
        public JsonNode? Data { get; set; }
        public JsonObject? Result { get; set; }
        public HashSet<string> References { get; } = new(StringComparer.Ordinal);
    }

    public static async Task<IResult> HandleAsync(HttpContext http)
    {
        var call = ScimRoutes.Call(http);
        if (!call.Config.BulkEnabled)
        {
            return ScimJson.Error(StatusCodes.Status501NotImplemented, null, "Bulk operations are not supported");
        }
        var request = http.Request;
        if (!request.HasJsonContentType())
        {
            throw new ScimException(StatusCodes.Status415UnsupportedMediaType, null,
                "Content-Type must be application/scim+json (or application/json)");
        }
        var payload = request.ContentLength is > ScimConfig.BulkMaxPayloadSize
            ? null
            : await ReadAtMostAsync(request.Body, ScimConfig.BulkMaxPayloadSize, http.RequestAborted);
        if (payload is null)
        {
            return ScimJson.Error(StatusCodes.Status413PayloadTooLarge, null,
                $"The size of the bulk operation exceeds the maxPayloadSize ({ScimConfig.BulkMaxPayloadSize})");
        }

        var body = ScimHandlers.ParseObject(payload);
        ScimValues.RequireSchema(body, ScimUrns.BulkRequest);
        if (body["Operations"] is not JsonArray items)
        {
            throw ScimException.InvalidSyntax("A bulk request needs an Operations array");
        }
        if (items.Count > ScimConfig.BulkMaxOperations)
        {
            return ScimJson.Error(StatusCodes.Status413PayloadTooLarge, null,
                $"The number of operations ({items.Count}) exceeds the maxOperations ({ScimConfig.BulkMaxOperations})");
        }
        var failOnErrors = body["failOnErrors"] switch
        {
            null => int.MaxValue,
            JsonValue value when value.TryGetValue(out int limit) && limit >= 1 => limit,
            _ => throw ScimException.InvalidValue("failOnErrors must be a whole number of at least 1"),
        };

        var operations = items.Select(item => new Operation(
            item as JsonObject ?? throw ScimException.InvalidSyntax("Each bulk operation must be an object"))).ToList();
        Run(call, operations, failOnErrors);
        return ScimJson.Result(new JsonObject
        {
            ["schemas"] = new JsonArray(ScimUrns.BulkResponse),
            ["Operations"] = new JsonArray([.. operations.Where(o => o.Result is not null).Select(o => (JsonNode)o.Result!)]),
        });
    }

    private static void Run(ScimCall call, List<Operation> operations, int failOnErrors)
    {
        foreach (var operation in operations)
        {
            Read(operation);
        }
        // POSTs that may define a bulkId; an operation referring to one still pending waits for it.
        var pendingDefinitions = operations
            .Where(o => o.Result is null && o.Method == "POST" && o.BulkId is not null)
            .GroupBy(o => BulkIdPrefix + o.BulkId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var created = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = operations.Count(o => o.Result is not null);
        var remaining = operations.Where(o => o.Result is null).ToList();

        var progress = true;
        while (remaining.Count > 0 && progress && errors < failOnErrors)
        {
            progress = false;
            foreach (var operation in remaining.ToList())
            {
                if (errors >= failOnErrors)
                {
                    break;
                }
                if (operation.References.Any(r => !created.ContainsKey(r) && pendingDefinitions.TryGetValue(r, out var definer) && definer != operation))
                {
                    continue;
                }
                remaining.Remove(operation);
                progress = true;
                Execute(call, operation, created);
                if (operation.BulkId is not null && pendingDefinitions.GetValueOrDefault(BulkIdPrefix + operation.BulkId) == operation)
                {
                    pendingDefinitions.Remove(BulkIdPrefix + operation.BulkId);
                }
                if (!IsSuccess(operation.Result!))
                {
                    errors++;
                }
            }
        }
        // What is left waits on itself through others: a circular reference.
        foreach (var operation in remaining)
        {
            if (errors >= failOnErrors)
            {
                break;
            }
            operation.Result = Failure(operation, null, new ScimException(StatusCodes.Status409Conflict, "invalidValue",
                $"Circular bulkId references: {string.Join(", ", operation.References)} cannot be resolved"));
            errors++;
        }
    }

    // Reads method, path, bulkId and data; a malformed operation gets its error result at once.
    private static void Read(Operation operation)
    {
        try
        {
            var source = operation.Source;
            operation.Method = (ScimValues.Text(source["method"], "method") ?? "").ToUpperInvariant();
            operation.BulkId = ScimValues.Text(source["bulkId"], "bulkId");
            operation.Path = ScimValues.Text(source["path"], "path") ?? "";
            operation.Data = source["data"];
            if (operation.Method is not ("POST" or "PUT" or "PATCH" or "DELETE"))
            {
                throw ScimException.InvalidSyntax($"Bulk method '{source["method"]}' is not POST, PUT, PATCH or DELETE");
            }
            if (operation.Method == "POST" && string.IsNullOrEmpty(operation.BulkId))
            {
                throw ScimException.InvalidSyntax("A bulk POST needs a bulkId");
            }
            if (operation.Method != "DELETE" && operation.Data is not JsonObject)
            {
                throw ScimException.InvalidSyntax($"A bulk {operation.Method} needs a data object");
            }
            CollectReferences(operation.Path, operation.References);
            CollectReferences(operation.Data, operation.References);
        }
        catch (ScimException e)
        {
            operation.Result = Failure(operation, null, e);
        }
    }

    private static void Execute(ScimCall call, Operation operation, Dictionary<string, string> created)
    {
        string? location = null;
        try
        {
            var unresolved = operation.References.FirstOrDefault(r => !created.ContainsKey(r));
            if (unresolved is not null)
            {
                throw new ScimException(StatusCodes.Status409Conflict, "invalidValue",
                    $"bulkId '{unresolved}' does not name a resource created by a POST of this request");
            }
            var path = Resolve(operation.Path, created);
            var data = Resolve(operation.Data, created) as JsonObject;
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var resource = segments.Length is 1 or 2 ? segments[0] : "";
            var id = segments.Length == 2 ? Uri.UnescapeDataString(segments[1]) : null;
            var users = resource.Equals("Users", StringComparison.OrdinalIgnoreCase);
            if (!users && !resource.Equals("Groups", StringComparison.OrdinalIgnoreCase))
            {
                throw ScimException.InvalidPath($"Bulk path '{operation.Path}' is not /Users, /Groups or one of their resources");
            }
            if ((operation.Method == "POST") != (id is null))
            {
                throw ScimException.InvalidPath(operation.Method == "POST"
                    ? $"A bulk POST goes to /{resource}, not to one resource"
                    : $"A bulk {operation.Method} needs a resource path such as /{resource}/<id>");
            }
            if (id is not null)
            {
                location = users ? call.UserLocation(id) : call.GroupLocation(id);
            }
            var outcome = call.Audit(operation.Method, users, id, data, () => (operation.Method, users) switch
            {
                ("POST", true) => ScimOperations.CreateUser(call, data!),
                ("POST", false) => ScimOperations.CreateGroup(call, data!),
                ("PUT", true) => ScimOperations.ReplaceUser(call, id!, data!),
                ("PUT", false) => ScimOperations.ReplaceGroup(call, id!, data!),
                ("PATCH", true) => ScimOperations.PatchUser(call, id!, data!),
                ("PATCH", false) => ScimOperations.PatchGroup(call, id!, data!),
                (_, true) => ScimOperations.DeleteUser(call, id!),
                _ => ScimOperations.DeleteGroup(call, id!),
            });
            if (operation.Method == "POST" && outcome.Body?["id"] is JsonValue newId)
            {
                created[BulkIdPrefix + operation.BulkId] = newId.GetValue<string>();
            }
            var result = new JsonObject { ["method"] = operation.Method };
            if (operation.BulkId is not null)
            {
                result["bulkId"] = operation.BulkId;
            }
            result["location"] = outcome.Location;
            result["status"] = outcome.Status.ToString(CultureInfo.InvariantCulture);
            operation.Result = result;
        }
        catch (ScimException e)
        {
            operation.Result = Failure(operation, location, e);
        }
    }

    private static JsonObject Failure(Operation operation, string? location, ScimException e)
    {
        var result = new JsonObject { ["method"] = operation.Method.Length > 0 ? operation.Method : null };
        if (operation.BulkId is not null)
        {
            result["bulkId"] = operation.BulkId;
        }
        if (location is not null)
        {
            result["location"] = location;
        }
        result["status"] = e.Status.ToString(CultureInfo.InvariantCulture);
        result["response"] = ScimJson.ErrorBody(e.Status, e.ScimType, e.Message);
        return result;
    }

    private static bool IsSuccess(JsonObject result) =>
        result["status"]?.GetValue<string>() is ['2', _, _];

    private static void CollectReferences(JsonNode? node, HashSet<string> references)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    CollectReferences(value, references);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    CollectReferences(item, references);
                }
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                CollectReferences(value.GetValue<string>(), references);
                break;
        }
    }

    private static void CollectReferences(string text, HashSet<string> references)
    {
        foreach (Match match in Reference().Matches(text))
        {
            references.Add(match.Value);
        }
    }

    // A copy of the node with each "bulkId:x" (a whole string value, or a path segment) replaced by the created id.
    private static JsonNode? Resolve(JsonNode? node, Dictionary<string, string> created)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject(ScimJson.NodeOptions);
                foreach (var (name, value) in obj)
                {
                    copy[name] = Resolve(value, created);
                }
                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => Resolve(item, created))]);
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return JsonValue.Create(Resolve(value.GetValue<string>(), created));
            default:
                return node?.DeepClone();
        }
    }

    private static string Resolve(string text, Dictionary<string, string> created) =>
        Reference().Replace(text, match => created.GetValueOrDefault(match.Value, match.Value));

    // "bulkId:x" as a whole value, a path segment (/Users/bulkId:x) or inside a filter (members[value eq "bulkId:x"]).
    [GeneratedRegex(@"bulkId:[^\s""/\[\]]+", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    private static async Task<byte[]?> ReadAtMostAsync(Stream body, int limit, CancellationToken cancel)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancel)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
