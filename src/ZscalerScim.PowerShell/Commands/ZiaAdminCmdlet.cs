using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Portal;

namespace ZscalerScim.Commands;

/// <summary>Base of the cmdlets that call the ZIA admin API: the -Session parameter and its default.</summary>
public abstract class ZiaAdminCmdlet : ZiaCmdlet
{
    /// <summary>The session to use; by default the runspace's session from the last Connect-Zia.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [QuietConversion(typeof(ZiaSession))]
    [ValidateNotNull]
    public ZiaSession? Session { get; set; }

    internal ZiaSession ResolveSession() => ResolveZiaSession(Session);

    /// <summary>Reads an identity provider (object, name or id) fresh; writes the error and returns null when it cannot.</summary>
    internal ZiaIdentityProvider? ResolveIdentityProvider(ZiaSession session, object reference)
    {
        try
        {
            IdentityProviderRef idp = IdentityProviderInput.ToReference(reference);
            return Run((log, cancel) => IdentityProviders.ResolveAsync(session, idp, log, cancel));
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, reference);
            return null;
        }
    }
}
