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
    [ArgumentCompleter(typeof(IdentityProviderCompleter))]
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
                (ScimEndpoint endpoint, string? warning) = ScimEndpoints.For(session, idp);
                if (warning is not null)
                {
                    WriteWarning(warning);
                }
                WriteObject(endpoint);
            }
            catch (ZiaException ex)
            {
                WriteError(ex.ToErrorRecord());
            }
        }
    }
}
