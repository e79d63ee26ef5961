using System;
using System.Management.Automation;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Entra;

/// <summary>
/// Graph's {"error":{"code","message"}}, the identity platform's {"error","error_description"} and the managed identity
/// endpoint's answers as clear errors with stable ErrorIds.
/// </summary>
internal static class GraphErrors
{
    /// <summary>The pipeline's reader of Graph's and the identity platform's error answers.</summary>
    public static ServiceError Read(string call, int status, JToken? body, Uri target)
    {
        JObject? o = body as JObject;
        (string? code, string? message) = o?["error"] is JObject graph
            ? ((string?)(graph["code"] as JValue), (string?)(graph["message"] as JValue))
            : ((string?)(o?["error"] as JValue), (string?)(o?["error_description"] as JValue));
        return new ServiceError(From(call, status, code, message, target));
    }

    public static ZiaException From(string call, int status, string? code, string? message, Uri target)
    {
        (string id, ErrorCategory category, string advice) = (status, code) switch
        {
            (_, "invalid_client") or (_, "unauthorized_client") or (_, "invalid_grant") => ("EntraSignInFailed", ErrorCategory.AuthenticationError,
                "Check -TenantId, -ClientId and the client secret or certificate of the app registration (Certificates & secrets in the Entra admin center); a secret may have expired."),
            (_, "invalid_scope") or (_, "invalid_resource") => ("EntraSignInFailed", ErrorCategory.AuthenticationError,
                "The sign-in endpoint refused the Microsoft Graph scope; check -LoginEndpoint and -GraphEndpoint belong to the same cloud."),
            (_, "invalid_request") => ("EntraSignInFailed", ErrorCategory.AuthenticationError,
                "The sign-in endpoint refused the request; check -TenantId (a GUID or a verified domain) and, for a managed identity, -ManagedIdentityClientId."),
            (401, _) => ("EntraUnauthorized", ErrorCategory.AuthenticationError,
                "Microsoft Graph refused the access token: it expired or is for another resource. Get a new one (Get-AzAccessToken -ResourceTypeName MSGraph -AsSecureString), or sign in with -ClientSecret, -Certificate or -ManagedIdentity, which renew it."),
            (403, _) => ("EntraAccessDenied", ErrorCategory.PermissionDenied,
                "The identity lacks the permission: grant the application permission Synchronization.ReadWrite.All (or Application.ReadWrite.OwnedBy for an app it owns) with admin consent, or use a delegated sign-in with the Application Administrator role."),
            (404, _) => ("EntraNotFound", ErrorCategory.ObjectNotFound,
                "Check the service principal's object id (Enterprise applications > Properties > Object ID) and the job id."),
            (409, _) => ("EntraConflict", ErrorCategory.ResourceBusy, "Entra ID is busy with the job; try again in a minute."),
            (400, _) => ("EntraInvalidRequest", ErrorCategory.InvalidArgument, "Microsoft Graph refused the values sent."),
            (429, _) => ("EntraThrottled", ErrorCategory.LimitsExceeded, "Microsoft Graph throttled the calls; try again later or raise -MaxRetry."),
            _ when status >= 500 => ("EntraServiceUnavailable", ErrorCategory.ResourceUnavailable, "Microsoft Graph is unavailable; try again later."),
            _ => ("EntraRequestFailed", ErrorCategory.InvalidOperation, string.Empty),
        };
        string said = string.IsNullOrEmpty(code) ? $"{status}" : $"{status} {code}";
        string text = string.IsNullOrEmpty(message) ? string.Empty : $": {message}";
        return new ZiaException(id, category, $"{call} answered {said}{text}. {advice}".TrimEnd(), target)
        {
            StatusCode = status,
            ServiceCode = code,
        };
    }
}
