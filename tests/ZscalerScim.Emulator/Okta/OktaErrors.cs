using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Okta;

/// <summary>Okta's error bodies: the management API's {errorCode, errorSummary, errorLink, errorId, errorCauses}, OAuth's {error, error_description}.</summary>
public static class OktaErrors
{
    public static IResult Api(int status, string code, string summary, params string[] causes) =>
        Results.Json(Body(code, summary, causes), statusCode: status);

    public static JsonObject Body(string code, string summary, params string[] causes) => new()
    {
        ["errorCode"] = code,
        ["errorSummary"] = summary,
        ["errorLink"] = code,
        ["errorId"] = "oae" + RandomNumberGenerator.GetHexString(19, lowercase: true),
        ["errorCauses"] = new JsonArray([.. causes.Select(c => (JsonNode)new JsonObject { ["errorSummary"] = c })]),
    };

    public static IResult OAuth(int status, string error, string description) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: status);

    public static IResult InvalidToken() => Api(StatusCodes.Status401Unauthorized, "E0000011", "Invalid token provided");

    public static IResult Forbidden() => Api(StatusCodes.Status403Forbidden, "E0000006", "You do not have permission to perform the requested action");

    public static IResult NotFound(string what) => Api(StatusCodes.Status404NotFound, "E0000007", $"Not found: Resource not found: {what}");

    public static IResult Invalid(string field, string cause) => Api(StatusCodes.Status400BadRequest, "E0000001", $"Api validation failed: {field}", cause);
}
