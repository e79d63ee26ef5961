using System.Management.Automation;
using ZscalerScim.Connections;
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

    internal ZiaSession ResolveSession()
    {
        ZiaSession? session = Session ?? SessionStore.Zia;
        if (session is null)
        {
            Fail(new ZiaException("ZiaNotConnected", ErrorCategory.ConnectionError,
                "There is no ZIA session in this runspace. Run Connect-Zia first, or pass -Session."));
        }
        if (!session!.IsConnected)
        {
            Fail(new ZiaException("ZiaSessionClosed", ErrorCategory.ConnectionError,
                "This ZIA session was disconnected. Run Connect-Zia again.", session));
        }
        return session;
    }

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
