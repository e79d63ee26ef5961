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
            JObject body = (JObject)current.Raw.DeepClone();
            List<string> changes = wanted.Where(w => (bool?)body[w.Key] != w.Value).Select(w => $"{w.Key} = {w.Value}").ToList();
            foreach (KeyValuePair<string, bool> w in wanted)
            {
                body[w.Key] = w.Value;
            }

            ZiaAuthenticationSetting result = current;
            if (changes.Count == 0)
            {
                WriteVerbose("The authentication settings already hold these values; nothing was written.");
            }
            else if (ShouldProcess($"authentication settings of organization {session.OrgId}", $"Set {string.Join(", ", changes)}"))
            {
                result = Run(async (log, cancel) =>
                {
                    // PUT replaces the whole object: send back everything that was read, with only the named fields changed.
                    await session.SendAsync(HttpMethod.Put, "authSettings", body, log, cancel).ConfigureAwait(false);
                    Saved(session);
                    return await GetZiaAuthenticationSettingCommand.ReadAsync(session, log, cancel).ConfigureAwait(false);
                });
            }
            else
            {
                return;
            }
            if (PassThru)
            {
                WriteObject(result);
            }
        }
        catch (ZiaException ex)
        {
            ex.Target ??= session;
            WriteError(ex.ToErrorRecord());
        }
    }
}
