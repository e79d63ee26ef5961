using System.Management.Automation;
using ZscalerScim.Connections;
using ZscalerScim.Internal;
using ZscalerScim.Zia;

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
        bool pending;
        string? unknown = null;
        try
        {
            ZiaActivationState state = Run((log, cancel) => Activation.GetStatusAsync(session, log, cancel)).Status;
            pending = state != ZiaActivationState.Active;
            if (state == ZiaActivationState.InProgress)
            {
                // While an activation runs, the status cannot show changes saved meanwhile.
                unknown = "an activation is in progress";
            }
        }
        catch (ZiaException ex)
        {
            // Fail closed: a status nobody could read may be PENDING, and logging out would make it live.
            pending = true;
            unknown = $"reading the status failed: {ex.Message}";
        }
        if (pending)
        {
            string what = unknown is null
                ? $"Organization {session.OrgId} has saved changes that are not yet active."
                : $"Whether organization {session.OrgId} has saved changes waiting for activation is unknown ({unknown}).";
            WriteWarning(apiKey
                ? $"{what} ZIA activates pending changes when an admin session logs out: they would go live now."
                : $"{what} They stay pending until someone runs Publish-ZiaChange or an admin session ends.");
        }

        string target = session.ToString();
        string action = apiKey ? "Log out (ZIA activates pending changes on logout)" : "Forget the OneAPI token";
        // Logging out with changes (perhaps) pending activates them: confirm that as a high-impact change.
        if (!(pending && apiKey ? ShouldProcessAsHighImpact(target, unknown is null ? "Log out, which makes the pending changes live" : "Log out, which makes any pending changes live") : ShouldChange(target, action)))
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
