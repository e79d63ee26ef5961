using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;
using ZscalerScim.Zia;

namespace ZscalerScim.Portal;

/// <summary>What enabling SCIM on an identity provider needs.</summary>
internal enum ScimEnablePlan
{
    /// <summary>SCIM is on and SAML auto-provisioning off already: nothing to write.</summary>
    AlreadyOn,

    /// <summary>One identity provider write.</summary>
    Enable,

    /// <summary>A directory repository: turn on "Disable Directory Sync &amp; Enable SCIM Provisioning" first.</summary>
    MigrateAndEnable,
}

/// <summary>What an enable left in the tenant.</summary>
internal enum ScimEnableOutcome
{
    /// <summary>SCIM is saved on the identity provider and read back.</summary>
    Enabled,

    /// <summary>Refused: nothing was saved.</summary>
    NothingSaved,

    /// <summary>The identity provider refused SCIM, and the migration turned on for it was turned back off.</summary>
    MigrationRolledBack,

    /// <summary>Something may be saved that the error names (SCIM unconfirmed, the migration left on, a failed rollback).</summary>
    Unconfirmed,
}

/// <summary>The result of <see cref="ScimProvisioning.EnableAsync"/>: the saved identity provider, or what failed and what it left.</summary>
internal sealed class ScimEnableResult
{
    public ScimEnableResult(ScimEnableOutcome outcome, ZiaIdentityProvider? saved, ZiaException? error)
    {
        Outcome = outcome;
        Saved = saved;
        Error = error;
    }

    public ScimEnableOutcome Outcome { get; }

    public ZiaIdentityProvider? Saved { get; }

    public ZiaException? Error { get; }

    /// <summary>The tenant has (or may have) saved changes waiting for activation.</summary>
    public bool LeftPendingChanges => Outcome != ScimEnableOutcome.NothingSaved;
}

/// <summary>
/// The portal's SCIM switch on an identity provider: SAML auto-provisioning off and SCIM on (they are exclusive), with the
/// directory sync migration that Active Directory and OpenLDAP repositories need, rolled back only when nothing of the
/// identity provider write can have been saved.
/// </summary>
internal static class ScimProvisioning
{
    private static readonly Dictionary<string, JToken> ScimOn = new()
    {
        [IdpWire.SamlAutoProvisioning] = false,
        [IdpWire.ScimEnabled] = true,
    };

    /// <summary>Checks the fields and the repository (nothing is sent); throws when SCIM needs a migration that is not allowed.</summary>
    public static async Task<ScimEnablePlan> PlanEnableAsync(ZiaIdentityProvider idp, bool migrationAllowed, OperationLog log, CancellationToken cancel)
    {
        if (idp.ScimProvisioning && !idp.SamlAutoProvisioning)
        {
            return ScimEnablePlan.AlreadyOn;
        }
        // The repository decides whether directory sync must be migrated first: it is part of the guarded fields.
        IdentityProviders.RequireFields(idp, ScimOn.Keys.Concat(new[] { IdpWire.UserRepository }));
        if (idp.UserRepository is ZiaUserRepository.Other or ZiaUserRepository.Unknown)
        {
            throw IdentityProviders.Drift($"a user repository type this module knows on '{idp.Name}' (it holds '{idp.Raw[IdpWire.UserRepository]}')", idp);
        }
        bool directory = idp.UserRepository is ZiaUserRepository.ActiveDirectory or ZiaUserRepository.OpenLdap;
        // Once the organization is migrated, a directory repository needs no switch.
        if (!directory || await AuthenticationSettings.IsMigratedToScimAsync(idp.Session, log, cancel).ConfigureAwait(false))
        {
            return ScimEnablePlan.Enable;
        }
        if (!migrationAllowed)
        {
            throw new ZiaException("ZiaScimNeedsDirectorySyncMigration", ErrorCategory.InvalidOperation,
                $"Identity provider '{idp.Name}' takes its users from {idp.UserRepository}; ZIA supports SCIM there only with " +
                "'Disable Directory Sync & Enable SCIM Provisioning', which turns directory sync and form-based login off for the organization. " +
                "If that is what you want, run again with -MigrateFromDirectorySync. Nothing was changed.", idp);
        }
        return ScimEnablePlan.MigrateAndEnable;
    }

    public static async Task<ScimEnableResult> EnableAsync(ZiaIdentityProvider idp, ScimEnablePlan plan, OperationLog log, CancellationToken cancel)
    {
        ZiaSession session = idp.Session;
        bool migrate = plan == ScimEnablePlan.MigrateAndEnable;
        if (migrate)
        {
            try
            {
                await AuthenticationSettings.SetMigrationToScimAsync(session, true, log, cancel).ConfigureAwait(false);
            }
            catch (ZiaException ex) when (ex.SaveState == SaveState.NotSaved)
            {
                return new ScimEnableResult(ScimEnableOutcome.NothingSaved, null, ex);
            }
            catch (ZiaException ex)
            {
                string state = ex.SaveState == SaveState.Unknown ? "got no clear answer, so it may or may not be saved" : "was saved but not confirmed";
                return new ScimEnableResult(ScimEnableOutcome.Unconfirmed, null, new ZiaException(ex.ErrorId, ex.Category,
                    $"Turning on 'Disable Directory Sync & Enable SCIM Provisioning' {state}: {ex.Message} " +
                    $"SCIM was not enabled on '{idp.Name}'. Check with Get-ZiaAuthenticationSetting before anything activates changes (Publish-ZiaChange, or an admin session ending).",
                    idp, ex) { SaveState = ex.SaveState });
            }
        }
        try
        {
            return new ScimEnableResult(ScimEnableOutcome.Enabled, await IdentityProviders.SaveAsync(idp, ScimOn, log, cancel).ConfigureAwait(false), null);
        }
        catch (ZiaException ex) when (!migrate)
        {
            return new ScimEnableResult(ex.SaveState == SaveState.NotSaved ? ScimEnableOutcome.NothingSaved : ScimEnableOutcome.Unconfirmed, null, ex);
        }
        catch (ZiaException ex) when (ex.SaveState == SaveState.NotSaved)
        {
            // The portal refused the IdP write, so nothing of it was saved: undo the migration.
            return await RollBackMigrationAsync(idp, ex, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex)
        {
            // The IdP may hold SCIM now: rolling the migration back would leave SCIM on an unmigrated directory IdP.
            string scim = ex.SaveState == SaveState.Unknown
                ? $"whether SCIM was enabled on '{idp.Name}' is unknown"
                : $"SCIM was saved on '{idp.Name}' but not confirmed";
            return new ScimEnableResult(ScimEnableOutcome.Unconfirmed, null, new ZiaException(ex.ErrorId, ex.Category,
                $"'Disable Directory Sync & Enable SCIM Provisioning' was turned on (saved, not active), and {scim}, so the option was left on: {ex.Message} " +
                "Check both with Get-ZiaIdentityProvider and Get-ZiaAuthenticationSetting before anything activates the change (Publish-ZiaChange, or an admin session ending).",
                idp, ex) { SaveState = ex.SaveState });
        }
    }

    public static Task<ZiaIdentityProvider> DisableAsync(ZiaIdentityProvider idp, OperationLog log, CancellationToken cancel) =>
        IdentityProviders.SaveAsync(idp, new Dictionary<string, JToken> { [IdpWire.ScimEnabled] = false }, log, cancel);

    /// <summary>The IdP could not take SCIM: undo the migration so that directory sync is not left off for nothing.</summary>
    private static async Task<ScimEnableResult> RollBackMigrationAsync(ZiaIdentityProvider idp, ZiaException failure, OperationLog log, CancellationToken cancel)
    {
        try
        {
            await AuthenticationSettings.SetMigrationToScimAsync(idp.Session, false, log, cancel).ConfigureAwait(false);
            // Saved twice (on, then off): the settings are as before, with a pending change to activate.
            return new ScimEnableResult(ScimEnableOutcome.MigrationRolledBack, null, new ZiaException(failure.ErrorId, failure.Category,
                $"SCIM could not be enabled on '{idp.Name}' (the portal refused it), so 'Disable Directory Sync & Enable SCIM Provisioning' was turned back off; the settings are as before. {failure.Message}",
                idp, failure));
        }
        catch (ZiaException rollback)
        {
            string state = rollback.SaveState == SaveState.NotSaved
                ? "It is saved ON but not active"
                : "Whether it is now saved off or still ON is unknown, and it is not active";
            return new ScimEnableResult(ScimEnableOutcome.Unconfirmed, null, new ZiaException(failure.ErrorId, failure.Category,
                $"SCIM could not be enabled on '{idp.Name}' ({failure.Message}), and turning 'Disable Directory Sync & Enable SCIM Provisioning' back off failed too ({rollback.Message}). " +
                $"{state}: check it with Get-ZiaAuthenticationSetting and turn it off with Set-ZiaAuthenticationSetting -DirectorySyncMigrateToScim $false before anything activates it (Publish-ZiaChange, or an admin session ending by logout or idle timeout).",
                idp, failure) { SaveState = SaveState.Unknown });
        }
    }
}
