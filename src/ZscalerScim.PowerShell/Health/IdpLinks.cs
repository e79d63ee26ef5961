using System;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Internal;

namespace ZscalerScim.Health;

/// <summary>The IdP side's two links (Entra ID or Okta), read through the IdP contract.</summary>
internal static class IdpLinks
{
    public const string EndpointLink = "IdP endpoint and token";
    public const string JobLink = "IdP job health";

    public static Task Check(IdpLinkContext context, Action<ZiaScimSetupLink> emit, OperationLog log, CancellationToken cancel)
    {
        const string why = "This version of ZscalerScim does not read the IdP side yet.";
        emit(new ZiaScimSetupLink(EndpointLink, ZiaScimSetupStatus.NotChecked, "Not read.", why,
            "Check in the IdP: Entra ID's Provisioning > Test Connection, or Okta's Provisioning > Integration > Test API Credentials; Update-ZiaScimBearerToken writes ZIA's URL and token there.", context.IdentityProvider?.Name));
        emit(new ZiaScimSetupLink(JobLink, ZiaScimSetupStatus.NotChecked, "Not read.", why,
            "Check in the IdP: Entra ID's provisioning status and logs, or Okta's app Push status and System Log.", context.IdentityProvider?.Name));
        return Task.CompletedTask;
    }
}
