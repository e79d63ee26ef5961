using System;
using System.Management.Automation;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Zia;

/// <summary>ZIA's error answers ({code, message}; OneAPI's OAuth {error, error_description}) as clear errors with stable ErrorIds.</summary>
internal static class ZiaErrors
{
    /// <summary>
    /// The pipeline's reader of ZIA's error answers: a 429 says its wait in the body ("Retry-After": "N seconds"), and
    /// EDIT_LOCK_NOT_AVAILABLE or "Failed during enter Org barrier" (409/412) means another admin holds the lock: wait and retry.
    /// </summary>
    public static ServiceError Read(string call, int status, JToken? body, Uri target)
    {
        JObject? o = body as JObject;
        string? code = (string?)(o?["code"] as JValue) ?? (string?)(o?["error"] as JValue);
        string? message = (string?)(o?["message"] as JValue) ?? (string?)(o?["error_description"] as JValue);
        return new ServiceError(From(call, status, code, message, target), (string?)(o?["Retry-After"] as JValue), IsEditLock(status, code, message));
    }

    /// <summary>Another admin or script holds ZIA's edit lock: wait and retry.</summary>
    internal static bool IsEditLock(int status, string? code, string? message) =>
        (status == 409 || status == 412) &&
        (string.Equals(code, "EDIT_LOCK_NOT_AVAILABLE", StringComparison.OrdinalIgnoreCase) ||
         (message?.IndexOf("Org barrier", StringComparison.OrdinalIgnoreCase) ?? -1) >= 0);

    public static ZiaException From(string call, int status, string? code, string? message, Uri target)
    {
        string said = string.IsNullOrEmpty(code) ? $"{status}" : $"{status} {code}";
        string detail = string.IsNullOrEmpty(message) ? string.Empty : $": {message}";
        (string id, ErrorCategory category, string advice) = (status, code) switch
        {
            (_, "INVALID_USERNAME_OR_PASSWORD") => ("ZiaAuthenticationFailed", ErrorCategory.AuthenticationError,
                "Check the admin user name, password and API key (Administration > Cloud Service API Security)."),
            (400, "invalid_request") or (401, "invalid_client") or (400, "invalid_client") => ("ZiaAuthenticationFailed", ErrorCategory.AuthenticationError,
                "Check the client id, its secret or key, and the vanity domain of the API client in ZIdentity."),
            (403, "STATE_READONLY") => ("ZiaReadOnly", ErrorCategory.ResourceUnavailable,
                "ZIA is read-only during an upgrade; try again later."),
            (400, _) => ("ZiaInvalidRequest", ErrorCategory.InvalidArgument, "The service refused the values sent."),
            (401, _) => ("ZiaSessionNotValid", ErrorCategory.AuthenticationError,
                "The session is no longer valid; run Connect-Zia again."),
            (403, _) => ("ZiaAccessDenied", ErrorCategory.PermissionDenied,
                "The admin or API client lacks the rights for this call."),
            (404, _) => ("ZiaNotFound", ErrorCategory.ObjectNotFound, "Check the id or name."),
            (409 or 412, _) when IsEditLock(status, code, message) => ("ZiaBusy", ErrorCategory.ResourceBusy,
                "Another admin or script holds the edit lock; try again when it is done."),
            (409 or 412, _) => ("ZiaConflict", ErrorCategory.InvalidOperation,
                "The change conflicts with what the service holds (a duplicate, or an object changed meanwhile): read it again and check the values."),
            (429, _) => ("ZiaRateLimited", ErrorCategory.LimitsExceeded,
                "The service's rate limit was exceeded; run fewer calls at once."),
            (415, _) => ("ZiaInvalidRequest", ErrorCategory.InvalidArgument, "The service refused the request's format."),
            _ when status >= 500 => ("ZiaServiceUnavailable", ErrorCategory.ResourceUnavailable,
                "The service is unavailable; try again later."),
            _ => ("ZiaRequestFailed", ErrorCategory.InvalidOperation, string.Empty),
        };
        return new ZiaException(id, category, $"{call} answered {said}{detail}. {advice}".TrimEnd(), target)
        {
            StatusCode = status,
            ServiceCode = code,
        };
    }
}
