using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Entra;

/// <summary>
/// OData $select as Graph applies it: only the named properties come back (all of them without $select, or with *);
/// a name the type does not have is a 400 that names it.
/// </summary>
public sealed class GraphSelect
{
    private readonly string[]? _names;

    private GraphSelect(string[]? names, IResult? error)
    {
        _names = names;
        Error = error;
    }

    /// <summary>Why the $select cannot be answered, or null.</summary>
    public IResult? Error { get; }

    /// <summary>The request's $select against the properties of <paramref name="type"/> (matched case-insensitively, as Graph does).</summary>
    public static GraphSelect Read(HttpRequest request, GraphType type)
    {
        var given = request.Query["$select"].ToString();
        if (given.Length == 0)
        {
            return new(null, null);
        }
        var names = new List<string>();
        foreach (var raw in given.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw == "*")
            {
                return new(null, null);
            }
            var known = type.Properties.FirstOrDefault(p => p.Equals(raw, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                return new(null, EntraPaths.Error(400, type.ErrorCode, $"Could not find a property named '{raw}' on type '{type.Name}'."));
            }
            names.Add(known);
        }
        return new([.. names.Distinct()], null);
    }

    public JsonObject Apply(JsonObject entity)
    {
        if (_names is null)
        {
            return entity;
        }
        var selected = new JsonObject();
        foreach (var name in _names)
        {
            selected[name] = entity[name]?.DeepClone();
        }
        return selected;
    }
}

/// <summary>An entity type of Graph: the name its errors use, the code of a bad $select, its properties.</summary>
public sealed record GraphType(string Name, string ErrorCode, IReadOnlyList<string> Properties)
{
    // Directory objects answer in the directory service's words; other Graph types in OData's.
    public static readonly GraphType ServicePrincipal = new("Microsoft.DirectoryServices.ServicePrincipal", "Request_BadRequest",
        [.. new EntraServicePrincipal { Id = "", AppId = "", DisplayName = "" }.ToGraph().Select(p => p.Key)]);

    public static readonly GraphType SynchronizationJob = new("microsoft.graph.synchronizationJob", "BadRequest",
        [.. new EntraJob { Id = "", TemplateId = "" }.ToGraph().Select(p => p.Key)]);
}
