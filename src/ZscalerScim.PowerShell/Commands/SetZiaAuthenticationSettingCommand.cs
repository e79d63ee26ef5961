using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Zia;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Set, "ZiaAuthenticationSetting", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ZiaAuthenticationSetting))]
public sealed class SetZiaAuthenticationSettingCommand : ZiaChangeCmdlet
{
    [Parameter]
    public bool SamlAutoProvisioning { get; set; }

    /// <summary>The portal's "Disable Directory Sync &amp; Enable SCIM Provisioning": turns directory sync off.</summary>
    [Parameter]
    public bool DirectorySyncMigrateToScim { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        ZiaSession session = ResolveSession();
        Dictionary<string, bool> wanted = AuthenticationSettings.Changes(
            MyInvocation.BoundParameters.ContainsKey(nameof(SamlAutoProvisioning)) ? SamlAutoProvisioning : null,
            MyInvocation.BoundParameters.ContainsKey(nameof(DirectorySyncMigrateToScim)) ? DirectorySyncMigrateToScim : null);
        try
        {
            ZiaAuthenticationSetting current = Run((log, cancel) => AuthenticationSettings.GetAsync(session, log, cancel));
            AuthenticationSettings.RequireFields(current, wanted.Keys);
            Dictionary<string, bool> changes = AuthenticationSettings.Differences(current, wanted);
            if (changes.Count == 0)
            {
                WriteVerbose("The authentication settings already hold these values; nothing was written.");
                if (PassThru)
                {
                    WriteObject(current);
                }
                return;
            }

            // Turning the migration on switches directory sync and form-based login off for everyone: confirm as High impact.
            string target = $"authentication settings of organization {session.OrgId}";
            string action = $"Set {string.Join(", ", changes.Select(c => $"{c.Key} = {c.Value}"))}";
            bool breaking = changes.TryGetValue(AuthenticationSettings.MigrateToScimField, out bool migrate) && migrate;
            if (!(breaking ? ShouldProcessAsHighImpact(target, action + " (turns directory sync and form-based login OFF)") : ShouldChange(target, action)))
            {
                return;
            }

            ZiaAuthenticationSetting result;
            try
            {
                result = Run((log, cancel) => AuthenticationSettings.SaveAsync(session, current, changes, log, cancel));
            }
            catch (ZiaException ex) when (ex.SaveState != SaveState.NotSaved)
            {
                Saved(session);
                throw;
            }
            Saved(session);
            if (PassThru)
            {
                WriteObject(result);
            }
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, session);
        }
    }
}
