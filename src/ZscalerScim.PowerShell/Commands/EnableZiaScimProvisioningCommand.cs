using System.Collections.Generic;
using System.Linq;
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

    private static readonly Dictionary<string, JToken> ScimOn = new()
    {
        [IdpWire.SamlAutoProvisioning] = false,
        [IdpWire.ScimEnabled] = true,
    };

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

        try
        {
            // The repository decides whether directory sync must be migrated first: it is part of the guarded fields.
            IdentityProviders.RequireFields(idp, ScimOn.Keys.Concat(new[] { IdpWire.UserRepository }));
            if (idp.UserRepository is ZiaUserRepository.Other or ZiaUserRepository.Unknown)
            {
                throw IdentityProviders.Drift($"a user repository type this module knows on '{idp.Name}' (it holds '{idp.Raw[IdpWire.UserRepository]}')", idp);
            }
            bool directory = idp.UserRepository is ZiaUserRepository.ActiveDirectory or ZiaUserRepository.OpenLdap;
            // Directory repositories need the organization migrated off directory sync first; once it is, no switch is needed.
            bool migrate = directory && !Run((log, cancel) => IsMigratedAsync(session, log, cancel));
            if (migrate && !MigrateFromDirectorySync)
            {
                throw new ZiaException("ZiaScimNeedsDirectorySyncMigration", ErrorCategory.InvalidOperation,
                    $"Identity provider '{idp.Name}' takes its users from {idp.UserRepository}; ZIA supports SCIM there only with " +
                    "'Disable Directory Sync & Enable SCIM Provisioning', which turns directory sync and form-based login off for the organization. " +
                    "If that is what you want, run again with -MigrateFromDirectorySync. Nothing was changed.", idp);
            }

            string target = $"identity provider '{idp.Name}' ({idp.Id})";
            string action = "Turn SAML auto-provisioning off and SCIM provisioning on";
            if (migrate)
            {
                action += ", after turning on 'Disable Directory Sync & Enable SCIM Provisioning', which turns directory sync and form-based login OFF for the organization";
            }
            if (!(migrate ? ShouldProcessAsHighImpact(target, action) : ShouldChange(target, action)))
            {
                return;
            }

            ZiaIdentityProvider saved = Run(async (log, cancel) =>
            {
                if (migrate)
                {
                    try
                    {
                        await SetMigrationAsync(session, true, log, cancel).ConfigureAwait(false);
                    }
                    catch (ZiaException ex) when (ex.SaveState != SaveState.NotSaved)
                    {
                        throw new ZiaException(ex.ErrorId, ex.Category,
                            $"Turning on 'Disable Directory Sync & Enable SCIM Provisioning' got no clear answer, so it may or may not be saved: {ex.Message} " +
                            $"SCIM was not enabled on '{idp.Name}'. Check with Get-ZiaAuthenticationSetting before anything activates changes (Publish-ZiaChange, or an admin session ending).",
                            idp, ex) { SaveState = SaveState.Unknown };
                    }
                }
                try
                {
                    return await IdentityProviders.SaveAsync(idp, ScimOn, log, cancel).ConfigureAwait(false);
                }
                catch (ZiaException ex) when (migrate && ex.SaveState == SaveState.NotSaved)
                {
                    // The portal refused the IdP write, so nothing of it was saved: undo the migration.
                    throw await RollBackMigrationAsync(session, idp, ex, log, cancel).ConfigureAwait(false);
                }
                catch (ZiaException ex) when (migrate)
                {
                    // The IdP may hold SCIM now: rolling the migration back would leave SCIM on an unmigrated directory IdP.
                    string scim = ex.SaveState == SaveState.Unknown
                        ? $"whether SCIM was enabled on '{idp.Name}' is unknown"
                        : $"SCIM was saved on '{idp.Name}' but not confirmed";
                    throw new ZiaException(ex.ErrorId, ex.Category,
                        $"'Disable Directory Sync & Enable SCIM Provisioning' was turned on (saved, not active), and {scim}, so the option was left on: {ex.Message} " +
                        "Check both with Get-ZiaIdentityProvider and Get-ZiaAuthenticationSetting before anything activates the change (Publish-ZiaChange, or an admin session ending).",
                        idp, ex) { SaveState = ex.SaveState };
                }
            });
            Saved(session);
            if (PassThru)
            {
                WriteObject(saved);
            }
        }
        catch (ZiaException ex)
        {
            if (ex.SaveState != SaveState.NotSaved)
            {
                Saved(session);
            }
            ItemFailed(ex, idp);
        }
    }

    private static async Task<bool> IsMigratedAsync(ZiaSession session, OperationLog log, CancellationToken cancel)
    {
        ZiaAuthenticationSetting settings = await GetZiaAuthenticationSettingCommand.ReadAsync(session, log, cancel).ConfigureAwait(false);
        if (settings.Raw.Property(ZiaAuthenticationSetting.MigrateToScimField) is null)
        {
            throw IdentityProviders.Drift($"the authentication setting {ZiaAuthenticationSetting.MigrateToScimField}");
        }
        return settings.DirectorySyncMigrateToScim;
    }

    /// <summary>Sets directorySyncMigrateToScimEnabled through the supported /authSettings API (whole object back).</summary>
    private static async Task SetMigrationAsync(ZiaSession session, bool on, OperationLog log, CancellationToken cancel)
    {
        ZiaAuthenticationSetting settings = await GetZiaAuthenticationSettingCommand.ReadAsync(session, log, cancel).ConfigureAwait(false);
        log.Verbose($"Turning {(on ? "on" : "back off")} 'Disable Directory Sync & Enable SCIM Provisioning' in the authentication settings.");
        JObject body = (JObject)settings.Raw.DeepClone();
        body[ZiaAuthenticationSetting.MigrateToScimField] = on;
        await session.SendAsync(HttpMethod.Put, "authSettings", body, log, cancel).ConfigureAwait(false);
    }

    /// <summary>The IdP could not take SCIM: undo the migration so that directory sync is not left off for nothing.</summary>
    private static async Task<ZiaException> RollBackMigrationAsync(ZiaSession session, ZiaIdentityProvider idp, ZiaException failure, OperationLog log, CancellationToken cancel)
    {
        try
        {
            await SetMigrationAsync(session, false, log, cancel).ConfigureAwait(false);
            // Saved twice (on, then off): the settings are as before, but the organization has a pending change to activate.
            return new ZiaException(failure.ErrorId, failure.Category,
                $"SCIM could not be enabled on '{idp.Name}' (the portal refused it), so 'Disable Directory Sync & Enable SCIM Provisioning' was turned back off; the settings are as before. {failure.Message}", idp, failure);
        }
        catch (ZiaException rollback)
        {
            string state = rollback.SaveState == SaveState.NotSaved
                ? "It is saved ON but not active"
                : "Whether it is now saved off or still ON is unknown, and it is not active";
            return new ZiaException(failure.ErrorId, failure.Category,
                $"SCIM could not be enabled on '{idp.Name}' ({failure.Message}), and turning 'Disable Directory Sync & Enable SCIM Provisioning' back off failed too ({rollback.Message}). " +
                $"{state}: check it with Get-ZiaAuthenticationSetting and turn it off with Set-ZiaAuthenticationSetting -DirectorySyncMigrateToScim $false before anything activates it (Publish-ZiaChange, or an admin session ending by logout or idle timeout).",
                idp, failure) { SaveState = SaveState.Unknown };
        }
    }
}
