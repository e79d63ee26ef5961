using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Session;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommunications.Disconnect, "Zia", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class DisconnectZiaCommand : ZiaCmdlet
{
    /// <summary>The session to end; by default the runspace's session.</summary>
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public ZiaSession? Session { get; set; }

    protected override void ProcessRecord()
    {
        ZiaSession? session = Session ?? SessionStore.Zia;
        if (session is null || !session.IsConnected)
        {
            WriteVerbose("There is no connected ZIA session to end.");
            return;
        }

        bool apiKey = session.Login is not null;
        ZiaActivationState? state = null;
        try
        {
            state = Run((log, cancel) => Activation.GetStatusAsync(session, log, cancel)).Status;
        }
        catch (ZiaException ex)
        {
            WriteVerbose($"Could not read the activation status before logging out: {ex.Message}");
        }
        bool pending = state == ZiaActivationState.Pending;
        if (pending)
        {
            WriteWarning(apiKey
                ? $"Organization {session.OrgId} has saved changes that are not yet active. ZIA activates pending changes when an admin session logs out: they go live now."
                : $"Organization {session.OrgId} has saved changes that are not yet active; they stay pending until someone runs Publish-ZiaChange or an admin session ends.");
        }

        string target = session.ToString();
        string action = apiKey ? "Log out (ZIA activates pending changes on logout)" : "Forget the OneAPI token";
        // Logging out with changes pending activates them: confirm that as a high-impact change.
        if (!(pending && apiKey ? ShouldProcessAsHighImpact(target, "Log out, which makes the pending changes live") : ShouldProcess(target, action)))
        {
            return;
        }

        TryRun(async (log, cancel) =>
        {
            if (session.PortalLogin is { } portal)
            {
                await portal.LogoutAsync(log, cancel).ConfigureAwait(false);
            }
            if (session.Login is { } login)
            {
                await login.LogoutAsync(log, cancel).ConfigureAwait(false);
            }
        }, session);

        // Whether or not the server heard the logout, this session is finished here.
        session.Dispose();
        if (ReferenceEquals(SessionStore.Zia, session))
        {
            SessionStore.Zia = null;
        }
        WriteVerbose($"Disconnected {session}.");
    }
}
