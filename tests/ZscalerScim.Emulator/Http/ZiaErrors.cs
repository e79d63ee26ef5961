using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Http;

/// <summary>ZIA's error body everywhere: <c>{"code":"...","message":"..."}</c>.</summary>
public static class ZiaErrors
{
    public static JsonObject Body(string code, string message) => new() { ["code"] = code, ["message"] = message };

    public static IResult Result(int status, string code, string message) =>
        Results.Json(Body(code, message), statusCode: status);

    public static Task WriteAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(Body(code, message));
    }

    public static IResult SessionNotValid() =>
        Result(StatusCodes.Status401Unauthorized, "SESSION_NOT_VALID", "Session is not valid: log in again");

    public static IResult InvalidInput(string message) =>
        Result(StatusCodes.Status400BadRequest, "INVALID_INPUT_ARGUMENT", message);

    public static IResult NotFound(string message = "Resource not found") =>
        Result(StatusCodes.Status404NotFound, "RESOURCE_NOT_FOUND", message);
}
