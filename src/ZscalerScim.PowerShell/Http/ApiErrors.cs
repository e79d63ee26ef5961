using System;
using System.Management.Automation;
using ZscalerScim.Internal;

namespace ZscalerScim.Http;

/// <summary>Turns a service error answer into an ErrorRecord-ready exception with a stable ErrorId.</summary>
internal static class ApiErrors
{
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
            (409 or 412, _) when RetryPolicy.Classify(status, code, message) == FailureKind.Busy => ("ZiaBusy", ErrorCategory.ResourceBusy,
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
