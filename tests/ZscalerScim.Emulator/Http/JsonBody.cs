using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.Http;

/// <summary>Reads a JSON object request body the way ZIA does: JSON content type required.</summary>
public static class JsonBody
{
    /// <summary>The body, or the error answer (415 without a JSON content type, 400 when not a JSON object).</summary>
    public static async Task<(JsonObject? Body, IResult? Error)> ReadObjectAsync(HttpRequest request)
    {
        if (!request.HasJsonContentType())
        {
            return (null, ZiaErrors.Result(StatusCodes.Status415UnsupportedMediaType,
                "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json"));
        }
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) is JsonObject body
                ? (body, null)
                : (null, ZiaErrors.InvalidInput("The request body must be a JSON object"));
        }
        catch (JsonException e)
        {
            return (null, ZiaErrors.InvalidInput($"The request body is not valid JSON: {e.Message}"));
        }
    }

    /// <summary>For the control API: any body that parses as a JSON object, content type not checked.</summary>
    public static async Task<JsonObject?> ReadLenientAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
