using System;
using System.Management.Automation;
using ZscalerScim.Internal;

namespace ZscalerScim.ZIdentity;

/// <summary>
/// What an admin of a ZIdentity tenant is told instead of an IdP change: ZIA's help says "The Identity Providers page
/// is not available if you're subscribed to the ZIdentity service" (help.zscaler.com/zia/about-identity-providers),
/// and no public API sets SCIM up in ZIdentity or generates its token (help.zscaler.com/zidentity/understanding-zidentity-apis).
/// </summary>
internal static class ZIdentityGuidance
{
    /// <summary>The steps, what to copy, and the command that uses it.</summary>
    public static string Steps(ZiaSession session) =>
        $"Set SCIM up in the {ZIdentityWire.PortalPath}: turn on Enable SCIM Provisioning, choose Bearer Token as the authentication method and click Generate Token; " +
        "copy the SCIM Endpoint URL and the token (no public API does this or generates the token). Then: " +
        $"Connect-ZiaScim -BaseUrl {ExampleBaseUrl(session)} -BearerToken (Read-Host -AsSecureString 'ZIdentity SCIM token'), " +
        "or hand both to Set-ZiaScimEntraProvisioning or Set-ZiaScimOktaProvisioning -BaseUrl ... -BearerToken ....";

    /// <summary>The admin said so (Connect-Zia -IdentityManagement ZIdentity): refused before anything is sent.</summary>
    public static ZiaException Named(ZiaSession session) => new("ZiaIdentityProvidersInZIdentity", ErrorCategory.InvalidOperation,
        "This organization's identity providers are managed in ZIdentity (Connect-Zia -IdentityManagement ZIdentity), where ZIA's Identity Providers page and its API are not available; nothing was sent or changed. " +
        Steps(session), session);

    /// <summary>Auto: the portal did not serve identity providers. A guess, so it says both causes and changes nothing.</summary>
    public static ZiaException Guessed(ZiaSession session, ZiaException refusal) => new(Zia.WholeObjectApi.ChangedErrorId, ErrorCategory.InvalidData,
        $"The Admin Portal API did not serve identity providers ({refusal.Message}). Nothing was changed. " +
        "If this organization is subscribed to ZIdentity, ZIA's Identity Providers page is not available and its identity providers are managed in ZIdentity: " +
        Steps(session) + " Connect with Connect-Zia -IdentityManagement ZIdentity to be told so before anything is sent. " +
        "Otherwise this undocumented API may have changed, or the admin's role cannot see identity providers: update ZscalerScim, or check the role.",
        session, refusal) { StatusCode = refusal.StatusCode, SaveState = SaveState.NotSaved };

    /// <summary>A OneAPI session knows its vanity host; otherwise the form.</summary>
    private static string ExampleBaseUrl(ZiaSession session) =>
        session.Endpoints.TokenUri is { } token && ZIdentityWire.IsZIdentityHost(token.Host)
            ? $"https://{token.Host}/scim/<id>"
            : "https://<vanity>.zslogin.net/scim/<id>";
}
