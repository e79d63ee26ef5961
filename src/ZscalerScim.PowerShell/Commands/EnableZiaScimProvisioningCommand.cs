using System.Collections.Generic;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;
using ZscalerScim.Portal;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsLifecycle.Enable, "ZiaScimProvisioning", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ZiaIdentityProvider))]
public sealed class EnableZiaScimProvisioningCommand : ZiaChangeCmdlet
{
    /// <summary>An object from Get-ZiaIdentityProvider, a name (a wildcard must match exactly one) or an id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public object? IdentityProvider { get; set; }

    /// <summary>For an Active Directory or OpenLDAP user repository: also turn on "Disable Directory Sync &amp; Enable SCIM Provisioning".</summary>
    [Parameter]
    public SwitchParameter MigrateFromDirectorySync { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        ZiaSession session = ResolveSession();
        if (ResolveIdentityProvider(session, IdentityProvider!) is not { } idp)
        {
            return;
        }
        if (idp.ScimProvisioning && !idp.SamlAutoProvisioning)
        {
            WriteVerbose($"SCIM provisioning is already on (and SAML auto-provisioning off) for '{idp.Name}'; nothing was written.");
            if (PassThru)
            {
                WriteObject(idp);
            }
            return;
        }

        bool directory = idp.UserRepository is ZiaUserRepository.ActiveDirectory or ZiaUserRepository.OpenLdap;
        if (directory && !MigrateFromDirectorySync)
        {
            WriteError(new ZiaException("ZiaScimNeedsDirectorySyncMigration", ErrorCategory.InvalidOperation,
                $"Identity provider '{idp.Name}' takes its users from {idp.UserRepository}; ZIA supports SCIM there only with " +
                "'Disable Directory Sync & Enable SCIM Provisioning', which turns directory sync and form-based login off for the organization. " +
                "If that is what you want, run again with -MigrateFromDirectorySync. Nothing was changed.", idp).ToErrorRecord());
            return;
        }

        string target = $"identity provider '{idp.Name}' ({idp.Id})";
        string action = "Turn SAML auto-provisioning off and SCIM provisioning on";
        if (directory)
        {
            action += ", after turning on 'Disable Directory Sync & Enable SCIM Provisioning', which turns directory sync and form-based login OFF for the organization";
        }
        if (!(directory ? ShouldProcessAsHighImpact(target, action) : ShouldProcess(target, action)))
        {
            return;
        }

        bool migrated = false;
        try
        {
            ZiaIdentityProvider saved = Run(async (log, cancel) =>
            {
                if (directory)
                {
                    migrated = await MigrateFromDirectorySyncAsync(session, log, cancel).ConfigureAwait(false);
                }
                return await IdentityProviders.SaveAsync(idp, new Dictionary<string, JToken>
                {
                    [IdpWire.SamlAutoProvisioning] = false,
                    [IdpWire.ScimEnabled] = true,
                }, log, cancel).ConfigureAwait(false);
            });
            Saved(session);
            if (PassThru)
            {
                WriteObject(saved);
            }
        }
        catch (ZiaException ex)
        {
            if (migrated)
            {
                Saved(session);
                ex = new ZiaException(ex.ErrorId, ex.Category,
                    $"'Disable Directory Sync & Enable SCIM Provisioning' was turned on (saved, not yet active), but SCIM could not be enabled on '{idp.Name}': {ex.Message}",
                    idp, ex);
            }
            ex.Target ??= idp;
            WriteError(ex.ToErrorRecord());
        }
    }

    /// <summary>Turns on directorySyncMigrateToScimEnabled through the supported /authSettings API; true when it wrote.</summary>
    private static async Task<bool> MigrateFromDirectorySyncAsync(ZiaSession session, OperationLog log, CancellationToken cancel)
    {
        ZiaAuthenticationSetting settings = await GetZiaAuthenticationSettingCommand.ReadAsync(session, log, cancel).ConfigureAwait(false);
        if (settings.Raw.Property(ZiaAuthenticationSetting.MigrateToScimField) is null)
        {
            throw IdentityProviders.Drift($"the authentication setting {ZiaAuthenticationSetting.MigrateToScimField}");
        }
        if (settings.DirectorySyncMigrateToScim)
        {
            return false;
        }
        log.Verbose("Turning on 'Disable Directory Sync & Enable SCIM Provisioning' in the authentication settings.");
        JObject body = (JObject)settings.Raw.DeepClone();
        body[ZiaAuthenticationSetting.MigrateToScimField] = true;
        await session.SendAsync(HttpMethod.Put, "authSettings", body, log, cancel).ConfigureAwait(false);
        return true;
    }
}
