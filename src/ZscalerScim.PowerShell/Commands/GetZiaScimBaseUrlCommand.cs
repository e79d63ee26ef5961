using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Portal;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Get, "ZiaScimBaseUrl")]
[OutputType(typeof(ScimEndpoint))]
public sealed class GetZiaScimBaseUrlCommand : ZiaAdminCmdlet
{
    /// <summary>An object from Get-ZiaIdentityProvider, a name (a wildcard must match exactly one) or an id; by default every SCIM-enabled one.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public object? IdentityProvider { get; set; }

    protected override void ProcessRecord()
    {
        ZiaSession session = ResolveSession();
        IEnumerable<ZiaIdentityProvider> idps;
        if (IdentityProvider is null)
        {
            try
            {
                idps = Run((log, cancel) => IdentityProviders.ListAsync(session, log, cancel)).Where(i => i.ScimProvisioning);
            }
            catch (ZiaException ex)
            {
                ex.Target ??= session;
                WriteError(ex.ToErrorRecord());
                return;
            }
        }
        else if (ResolveIdentityProvider(session, IdentityProvider) is { } one)
        {
            if (!one.ScimProvisioning)
            {
                WriteWarning($"SCIM provisioning is off for '{one.Name}': this URL answers only after Enable-ZiaScimProvisioning and activation.");
            }
            idps = new[] { one };
        }
        else
        {
            return;
        }

        foreach (ZiaIdentityProvider idp in idps)
        {
            try
            {
                WriteObject(Build(session, idp));
            }
            catch (ZiaException ex)
            {
                WriteError(ex.ToErrorRecord());
            }
        }
    }

    private ScimEndpoint Build(ZiaSession session, ZiaIdentityProvider idp)
    {
        Uri host = session.Endpoints.ScimHost ?? throw new ZiaException("ZiaCloudUnknown", ErrorCategory.InvalidData,
            "The organization's cloud is unknown (orgInformation reported no cloudName), so the SCIM host cannot be built.", session);
        string reported = (idp.ScimBaseUrl ?? string.Empty).TrimEnd('/');
        string deprecated = new Uri(host, $"{session.OrgId}/scim").ToString();
        bool isDeprecated = string.Equals(reported, deprecated, StringComparison.OrdinalIgnoreCase);
        ScimEndpoint endpoint = new(idp, host, isDeprecated);

        if (isDeprecated)
        {
            WriteWarning($"The portal reports the older per-organization SCIM URL {reported} for '{idp.Name}', which Zscaler marks deprecated. Configure the identity provider with {endpoint.BaseUrl} instead.");
        }
        else if (reported.Length > 0 &&
                 !string.Equals(reported, endpoint.BaseUrl.ToString().TrimEnd('/'), StringComparison.OrdinalIgnoreCase) &&
                 !string.Equals(reported, new Uri(host, endpoint.OktaBaseUrl).ToString().TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            WriteWarning($"The portal reports the SCIM URL {reported} for '{idp.Name}', but the organization's id and cloud give {endpoint.BaseUrl}. Check which one the identity provider should use.");
        }
        return endpoint;
    }
}
