using System;
using System.Linq;
using System.Management.Automation;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Okta;

/// <summary>Okta's error answers ({errorCode, errorSummary, errorCauses}; OAuth's {error, error_description}) as clear errors.</summary>
internal static class OktaErrors
{
    /// <summary>The pipeline's reader of Okta's error answers; the causes are added to the summary.</summary>
    public static ServiceError Read(string call, int status, JToken? body, Uri target)
    {
        JObject? o = body as JObject;
        string? code = (string?)(o?["errorCode"] as JValue) ?? (string?)(o?["error"] as JValue);
        string? summary = (string?)(o?["errorSummary"] as JValue) ?? (string?)(o?["error_description"] as JValue);
        string[] causes = (o?["errorCauses"] as JArray)?.OfType<JObject>().Select(c => (string?)(c["errorSummary"] as JValue))
            .Where(c => !string.IsNullOrEmpty(c)).Select(c => c!).ToArray() ?? Array.Empty<string>();
        if (causes.Length > 0)
        {
            summary = $"{summary} ({string.Join("; ", causes)})";
        }
        return new ServiceError(From(call, status, code, summary, target));
    }

    public static ZiaException From(string call, int status, string? code, string? summary, Uri target)
    {
        (string id, ErrorCategory category, string advice) = (status, code) switch
        {
            (_, OktaWire.DpopRequired) or (_, OktaWire.DpopNonce) => ("OktaDpopRequired", ErrorCategory.AuthenticationError,
                "The Okta service app requires DPoP proofs, which this module does not send. In the Okta Admin Console, clear 'Require Demonstrating Proof of Possession (DPoP) header in token requests' on the service app, or sign in with -OktaApiToken."),
            (_, "invalid_client") => ("OktaAuthenticationFailed", ErrorCategory.AuthenticationError,
                "Check -OktaClientId and that the service app's public key matches the private key given (-OktaPrivateKeyPath or -OktaCertificate)."),
            (_, "invalid_scope") => ("OktaScopeNotGranted", ErrorCategory.PermissionDenied,
                "Grant the service app the okta.apps.read and okta.apps.manage scopes (Okta API Scopes tab)."),
            (401, _) => ("OktaAuthenticationFailed", ErrorCategory.AuthenticationError,
                "Okta refused the credentials: check -OktaApiToken (Security > API > Tokens; it may have expired or been revoked), or the service app's client id and key."),
            (403, _) => ("OktaAccessDenied", ErrorCategory.PermissionDenied,
                "The Okta admin behind the token, or the service app, lacks the rights or scopes for this call (okta.apps.read, okta.apps.manage; an app admin role)."),
            (404, _) => ("OktaNotFound", ErrorCategory.ObjectNotFound, "Check the app id (Okta Admin Console: Applications, the app's URL holds it)."),
            (429, _) => ("OktaRateLimited", ErrorCategory.LimitsExceeded, "Okta's rate limit for this endpoint was exceeded; try again in a minute."),
            (400, _) => ("OktaInvalidRequest", ErrorCategory.InvalidArgument, "Okta refused the values sent."),
            _ when status >= 500 => ("OktaServiceUnavailable", ErrorCategory.ResourceUnavailable, "Okta is unavailable; try again later."),
            _ => ("OktaRequestFailed", ErrorCategory.InvalidOperation, string.Empty),
        };
        string said = string.IsNullOrEmpty(code) ? $"{status}" : $"{status} {code}";
        string text = string.IsNullOrEmpty(summary) ? string.Empty : $": {summary}";
        return new ZiaException(id, category, $"{call} answered {said}{text}. {advice}".TrimEnd(), target)
        {
            StatusCode = status,
            ServiceCode = code,
        };
    }
}
