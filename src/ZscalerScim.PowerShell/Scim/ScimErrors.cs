using System;
using System.Management.Automation;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Scim;

/// <summary>SCIM error answers ({status, scimType, detail}) as clear errors with stable ErrorIds.</summary>
internal static class ScimErrors
{
    /// <summary>The pipeline's reader of SCIM error answers (RFC 7644 3.12); a Zscaler server's 429 may say its wait in the body as ZIA does.</summary>
    public static ServiceError Read(string call, int status, JToken? body, Uri target)
    {
        JObject? o = body as JObject;
        return new ServiceError(From(call, status, (string?)(o?["scimType"] as JValue), (string?)(o?["detail"] as JValue), target), (string?)(o?["Retry-After"] as JValue));
    }

    public static ZiaException From(string call, int status, string? scimType, string? detail, Uri target)
    {
        (string id, ErrorCategory category, string advice) = (status, scimType) switch
        {
            (401, _) => ("ScimUnauthorized", ErrorCategory.AuthenticationError,
                "The SCIM server refused the bearer token: it is wrong, was replaced by a newer one, or the change that set it is not activated yet (Publish-ZiaChange)."),
            (403, _) => ("ScimForbidden", ErrorCategory.PermissionDenied, "The token may not do this."),
            (404, _) => ("ScimNotFound", ErrorCategory.ObjectNotFound,
                "If this is the base URL, check its organization and identity provider ids (Get-ZiaScimBaseUrl) and that SCIM is enabled and activated; otherwise the user or group no longer exists."),
            (409, _) => ("ScimConflict", ErrorCategory.ResourceExists, "It already exists; update it instead of creating it."),
            (400, "invalidFilter") => ("ScimInvalidFilter", ErrorCategory.InvalidArgument, "The server cannot evaluate that filter."),
            (400, _) => ("ScimInvalidValue", ErrorCategory.InvalidArgument, "The server refused the values sent."),
            (413, _) => ("ScimPayloadTooLarge", ErrorCategory.LimitsExceeded, "The request exceeds the server's bulk limits."),
            (429, _) => ("ScimRateLimited", ErrorCategory.LimitsExceeded, "The server's rate limit was exceeded; lower -RequestsPerSecond on Connect-ZiaScim."),
            (501, _) => ("ScimNotSupported", ErrorCategory.NotImplemented, "The server does not support this operation."),
            _ when status >= 500 => ("ScimServiceUnavailable", ErrorCategory.ResourceUnavailable, "The SCIM server is unavailable; try again later."),
            _ => ("ScimRequestFailed", ErrorCategory.InvalidOperation, string.Empty),
        };
        string said = string.IsNullOrEmpty(scimType) ? $"{status}" : $"{status} {scimType}";
        string text = string.IsNullOrEmpty(detail) ? string.Empty : $": {detail}";
        return new ZiaException(id, category, $"{call} answered {said}{text}. {advice}".TrimEnd(), target)
        {
            StatusCode = status,
            ServiceCode = scimType,
        };
    }
}
