using System;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Internal;
using ZscalerScim.Zia;

namespace ZscalerScim.Portal;

/// <summary>Where a rotation puts the new token, and how it proves it works; the identity provider's own API behind plain delegates.</summary>
internal sealed class RotationTarget
{
    public RotationTarget(string name, string setCommand, Func<SecureString, OperationLog, CancellationToken, Task> write,
        Func<SecureString, OperationLog, CancellationToken, Task<string?>> validate)
    {
        Name = name;
        SetCommand = setCommand;
        Write = write;
        Validate = validate;
    }

    /// <summary>"Entra ID: Zscaler Two".</summary>
    public string Name { get; }

    /// <summary>The command that writes a token by hand: "Set-ZiaScimEntraProvisioning -ServicePrincipal 'Zscaler Two'".</summary>
    public string SetCommand { get; }

    public Func<SecureString, OperationLog, CancellationToken, Task> Write { get; }

    /// <summary>Null when the token works, else why not.</summary>
    public Func<SecureString, OperationLog, CancellationToken, Task<string?>> Validate { get; }
}

/// <summary>
/// The bearer token rotation, ordered so that provisioning breaks for the shortest time and no token is lost: generate
/// and save in ZIA (the old token still works), activate and wait until it is live, write it into the identity provider
/// at once, then prove it works. A failure stops the rotation there; the result says what ZIA and the identity provider
/// hold, and carries the new token whenever ZIA may hold it.
/// </summary>
internal static class TokenRotation
{
    public static async Task<(ZiaScimTokenRotation Result, ZiaException? Error)> RotateAsync(ZiaIdentityProvider idp, RotationTarget target, TimeSpan activationTimeout,
        OperationLog log, CancellationToken cancel)
    {
        ZiaScimTokenRotation result = new() { IdentityProvider = idp.Name, Target = target.Name };
        ZiaSession session = idp.Session;

        NewBearerToken created;
        try
        {
            created = await BearerTokens.ReplaceAsync(idp, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex)
        {
            result.Saved = ZiaRotationStep.Failed;
            return Stop(result, ex, $"No new token is held anywhere: ZIA and {target.Name} keep the current one, which goes on working.");
        }
        result.Token = SecretText.Protect(created.Token);
        if (created.Unconfirmed is { } unconfirmed)
        {
            result.Saved = ZiaRotationStep.Unconfirmed;
            return Stop(result, unconfirmed, $"The new token (in this result) may be saved in ZIA, not activated; {target.Name} was not changed and the current token goes on working. " +
                $"Check with Get-ZiaIdentityProvider '{idp.Name}' before anything activates changes, then run Update-ZiaScimBearerToken again.");
        }
        result.Saved = ZiaRotationStep.Done;

        try
        {
            ZiaActivationStatus status = await Activation.ActivatePendingAsync(session, activationTimeout, log, cancel).ConfigureAwait(false);
            await Activation.WaitAsync(session, status, activationTimeout, log, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (StoppedMidwayException.IsStop(ex, cancel))
        {
            throw Stopped(ex, cancel, $"Stopped while ZIA activated the new SCIM bearer token of '{idp.Name}': ZIA holds it, saved and activating (once active, only it works), " +
                $"and {target.Name} was not changed: it holds the old token. To finish: Publish-ZiaChange -Wait, then {Finish(idp, target)}.");
        }
        catch (ZiaException ex)
        {
            result.Activated = ex.SaveState == SaveState.Unknown ? ZiaRotationStep.Unconfirmed : ZiaRotationStep.Failed;
            return Stop(result, ex, $"The new token (in this result) is saved in ZIA but not known to be active, so {target.Name} was not changed: it holds the current token, which works until the activation. " +
                $"Run Publish-ZiaChange -Wait, then put the new token in with {target.SetCommand} -BearerToken $result.Token.");
        }
        result.Activated = ZiaRotationStep.Done;
        log.Verbose($"The new token of '{idp.Name}' is active in ZIA; writing it into {target.Name}.");

        try
        {
            await target.Write(result.Token, log, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (StoppedMidwayException.IsStop(ex, cancel))
        {
            throw Stopped(ex, cancel, $"Stopped while the new SCIM bearer token of '{idp.Name}' was written into {target.Name}: ZIA accepts only the new token, " +
                $"and {target.Name} may hold the old one or the new one. To finish: {Finish(idp, target)}.");
        }
        catch (ZiaException ex)
        {
            result.Written = ex.SaveState == SaveState.Unknown ? ZiaRotationStep.Unconfirmed : ZiaRotationStep.Failed;
            string holds = result.Written == ZiaRotationStep.Unconfirmed ? "may hold the old token or the new one" : "still holds the old token";
            return Stop(result, ex, $"ZIA accepts only the new token now, and {target.Name} {holds}: provisioning fails until it has the new one. " +
                $"Put the new token (in this result) in with {target.SetCommand} -BearerToken $result.Token.");
        }
        result.Written = ZiaRotationStep.Done;

        string? invalid;
        try
        {
            invalid = await target.Validate(result.Token, log, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (StoppedMidwayException.IsStop(ex, cancel))
        {
            throw Stopped(ex, cancel, $"Stopped while the new SCIM bearer token of '{idp.Name}' was checked: ZIA accepts only the new token and {target.Name} holds it; " +
                "only the check was not done.");
        }
        catch (ZiaException ex)
        {
            invalid = ex.Message;
        }
        if (invalid is not null)
        {
            result.Validated = ZiaRotationStep.Failed;
            return Stop(result, new ZiaException("ZiaRotationNotValidated", ErrorCategory.InvalidResult, invalid, idp),
                $"ZIA accepts only the new token and {target.Name} holds it, but the check of it failed: {invalid}");
        }
        result.Validated = ZiaRotationStep.Done;
        result.Message = $"Rotated: ZIA accepts only the new token, {target.Name} holds it, and it works.";
        return (result, null);
    }

    // The token is in ZIA: Get-ZiaScimBearerToken hands it out when this command no longer can.
    private static string Finish(ZiaIdentityProvider idp, RotationTarget target) =>
        $"{target.SetCommand} -BearerToken (Get-ZiaScimBearerToken -IdentityProvider '{idp.Name}')";

    private static StoppedMidwayException Stopped(OperationCanceledException cause, CancellationToken cancel, string report) =>
        cause as StoppedMidwayException ?? new StoppedMidwayException(report, cause, cancel);

    private static (ZiaScimTokenRotation, ZiaException) Stop(ZiaScimTokenRotation result, ZiaException failure, string holds)
    {
        result.Message = holds;
        return (result, new ZiaException(failure.ErrorId, failure.Category, $"{holds} ({failure.Message})", failure.Target, failure) { SaveState = failure.SaveState });
    }
}
