using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;
using ZscalerScim.Portal;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.New, "ZiaScimBearerToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(SecureString), typeof(string))]
public sealed class NewZiaScimBearerTokenCommand : ZiaChangeCmdlet
{
    /// <summary>An object from Get-ZiaIdentityProvider, a name (a wildcard must match exactly one) or an id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public object? IdentityProvider { get; set; }

    /// <summary>Output the new token as plain text instead of a SecureString.</summary>
    [Parameter]
    public SwitchParameter AsPlainText { get; set; }

    protected override void ProcessRecord()
    {
        ZiaSession session = ResolveSession();
        if (ResolveIdentityProvider(session, IdentityProvider!) is not { } idp)
        {
            return;
        }
        // Check before generating: a token generated but never saved would be a secret made for nothing.
        try
        {
            IdentityProviders.RequireFields(idp, new[] { IdpWire.BearerToken });
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, idp);
            return;
        }
        if (!ShouldChange($"identity provider '{idp.Name}' ({idp.Id})", "Generate a new SCIM bearer token; the current token stops working once the change is active"))
        {
            return;
        }

        string? token = null;
        ZiaException? unconfirmed = null;
        try
        {
            token = Run(async (log, cancel) =>
            {
                string fresh = await IdentityProviders.GenerateTokenAsync(session, log, cancel).ConfigureAwait(false);
                try
                {
                    await IdentityProviders.SaveAsync(idp, new Dictionary<string, JToken> { [IdpWire.BearerToken] = fresh }, log, cancel).ConfigureAwait(false);
                }
                catch (ZiaException ex) when (ex.SaveState != SaveState.NotSaved)
                {
                    // The PUT carrying the token may have reached the service: the tenant may hold it now, so the caller must get it.
                    unconfirmed = ex;
                }
                catch (ZiaException ex)
                {
                    throw new ZiaException(ex.ErrorId, ex.Category,
                        $"A new token was generated but not saved on '{idp.Name}' (the service refused the write); the current token stays in force. {ex.Message}", idp, ex);
                }
                return fresh;
            });
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, idp);
            return;
        }

        Saved(session);
        string then = Activate
            ? "the old token stops working when this command activates the change."
            : "the old token stops working once the change is activated (Publish-ZiaChange or -Activate, or an admin session ending).";
        // The token first: with -ErrorAction Stop the error below ends the command, and -OutVariable still holds the token.
        WriteObject(AsPlainText ? token : SecretText.Protect(token!));
        if (unconfirmed is null)
        {
            WriteWarning(idp.HasBearerToken
                ? $"The SCIM bearer token of '{idp.Name}' was replaced. Put the new token into the identity provider's provisioning settings (Okta, Entra ID, ...): {then}"
                : $"'{idp.Name}' had no SCIM bearer token; the new one is set and works once the change is activated. Put it into the identity provider's provisioning settings (Okta, Entra ID, ...).");
        }
        else
        {
            string state = unconfirmed.SaveState == SaveState.Unknown ? "may have been saved" : "was saved, but not confirmed";
            ItemFailed(new ZiaException(unconfirmed.ErrorId, unconfirmed.Category,
                $"The new SCIM bearer token of '{idp.Name}' {state}: keep the token this command outputs. {unconfirmed.Message} " +
                "If the tenant holds it, it replaces the current token at the next activation (this command does not activate after a failure; Publish-ZiaChange or an admin session ending will).",
                idp, unconfirmed) { SaveState = unconfirmed.SaveState }, idp);
        }
    }
}
