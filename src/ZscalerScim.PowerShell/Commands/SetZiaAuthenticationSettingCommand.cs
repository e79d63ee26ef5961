using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;

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
        Dictionary<string, bool> wanted = new();
        if (MyInvocation.BoundParameters.ContainsKey(nameof(SamlAutoProvisioning)))
        {
            wanted[ZiaAuthenticationSetting.AutoProvisionField] = SamlAutoProvisioning;
        }
        if (MyInvocation.BoundParameters.ContainsKey(nameof(DirectorySyncMigrateToScim)))
        {
            wanted[ZiaAuthenticationSetting.MigrateToScimField] = DirectorySyncMigrateToScim;
        }

        try
        {
            ZiaAuthenticationSetting current = Run((log, cancel) => GetZiaAuthenticationSettingCommand.ReadAsync(session, log, cancel));
            string[] missing = wanted.Keys.Where(k => current.Raw.Property(k) is null).ToArray();
            if (missing.Length > 0)
            {
                throw new ZiaException("ZiaApiChanged", ErrorCategory.InvalidData,
                    $"The authentication settings came back without {string.Join(", ", missing)}; the API may have changed. Nothing was changed.", current);
            }
            List<string> changes = wanted.Where(w => (bool?)current.Raw[w.Key] != w.Value).Select(w => $"{w.Key} = {w.Value}").ToList();
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
            string action = $"Set {string.Join(", ", changes)}";
            bool breaking = wanted.TryGetValue(ZiaAuthenticationSetting.MigrateToScimField, out bool migrate) && migrate && !current.DirectorySyncMigrateToScim;
            if (!(breaking ? ShouldProcessAsHighImpact(target, action + " (turns directory sync and form-based login OFF)") : ShouldChange(target, action)))
            {
                return;
            }

            JObject body = (JObject)current.Raw.DeepClone();
            foreach (KeyValuePair<string, bool> w in wanted)
            {
                body[w.Key] = w.Value;
            }
            ZiaAuthenticationSetting result = Run(async (log, cancel) =>
            {
                // PUT replaces the whole object: send back everything that was read, with only the named fields changed.
                await session.SendAsync(HttpMethod.Put, "authSettings", body, log, cancel).ConfigureAwait(false);
                return await GetZiaAuthenticationSettingCommand.ReadAsync(session, log, cancel).ConfigureAwait(false);
            });
            Saved(session);
            string[] wrong = wanted.Where(w => (bool?)result.Raw[w.Key] != w.Value).Select(w => $"{w.Key} = {result.Raw[w.Key]} (expected {w.Value})").ToArray();
            if (wrong.Length > 0)
            {
                throw new ZiaException("ZiaSettingNotVerified", ErrorCategory.InvalidResult,
                    $"The authentication settings were saved, but reading them back shows {string.Join("; ", wrong)}. The tenant holds what Get-ZiaAuthenticationSetting shows (saved, not activated).", result);
            }
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
