namespace ZscalerScim.Emulator.Scim;

/// <summary>
/// A SCIM error answer (RFC 7644 §3.12): thrown by the store, readers and PATCH, turned into the
/// error body by the route gate, or into one operation's result by Bulk.
/// </summary>
public sealed class ScimException(int status, string? scimType, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    /// <summary>invalidFilter, invalidSyntax, invalidPath, invalidValue, noTarget, mutability, uniqueness, tooLarge...</summary>
    public string? ScimType { get; } = scimType;

    /// <summary>A userName whose domain is not registered: ZIA's event log keeps one such refusal a day.</summary>
    public bool WrongDomain { get; init; }

    public static ScimException BadRequest(string scimType, string detail) => new(StatusCodes.Status400BadRequest, scimType, detail);

    public static ScimException InvalidValue(string detail) => BadRequest("invalidValue", detail);

    public static ScimException InvalidSyntax(string detail) => BadRequest("invalidSyntax", detail);

    public static ScimException InvalidPath(string detail) => BadRequest("invalidPath", detail);

    public static ScimException InvalidFilter(string detail) => BadRequest("invalidFilter", detail);

    public static ScimException Mutability(string detail) => BadRequest("mutability", detail);

    public static ScimException NoTarget(string detail) => BadRequest("noTarget", detail);

    public static ScimException Uniqueness(string detail) => new(StatusCodes.Status409Conflict, "uniqueness", detail);

    public static ScimException NotFound(string detail) => new(StatusCodes.Status404NotFound, null, detail);
}
