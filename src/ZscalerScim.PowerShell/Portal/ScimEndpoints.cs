using System;
using System.Management.Automation;
using ZscalerScim.Internal;

namespace ZscalerScim.Portal;

/// <summary>An identity provider's SCIM base URL, built from the organization and checked against what the portal reports.</summary>
internal static class ScimEndpoints
{
    /// <summary>The endpoint, and a warning when the portal reports another URL or the deprecated per-organization one.</summary>
    public static (ScimEndpoint Endpoint, string? Warning) For(ZiaSession session, ZiaIdentityProvider idp)
    {
        Uri host = session.Endpoints.ScimHost ?? throw new ZiaException("ZiaCloudUnknown", ErrorCategory.InvalidData,
            "The organization's cloud is unknown (orgInformation reported no cloudName), so the SCIM host cannot be built.", session);
        string reported = (idp.ScimBaseUrl ?? string.Empty).TrimEnd('/');
        string deprecated = new Uri(host, $"{session.OrgId}/scim").ToString();
        bool isDeprecated = string.Equals(reported, deprecated, StringComparison.OrdinalIgnoreCase);
        ScimEndpoint endpoint = new(idp, host, isDeprecated);

        if (isDeprecated)
        {
            return (endpoint, $"The portal reports the older per-organization SCIM URL {reported} for '{idp.Name}', which Zscaler marks deprecated. Configure the identity provider with {endpoint.BaseUrl} instead.");
        }
        if (reported.Length > 0 &&
            !string.Equals(reported, endpoint.BaseUrl.ToString().TrimEnd('/'), StringComparison.OrdinalIgnoreCase) &&
            !string.Equals(reported, new Uri(host, endpoint.OktaBaseUrl).ToString().TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            return (endpoint, $"The portal reports the SCIM URL {reported} for '{idp.Name}', but the organization's id and cloud give {endpoint.BaseUrl}. Check which one the identity provider should use.");
        }
        return (endpoint, null);
    }
}
