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
        if (!ShouldProcess($"identity provider '{idp.Name}' ({idp.Id})", "Generate a new SCIM bearer token; the current token stops working once the change is active"))
        {
            return;
        }

        string? token = null;
        ZiaException? unverified = null;
        try
        {
            token = Run(async (log, cancel) =>
            {
                string fresh = await IdentityProviders.GenerateTokenAsync(session, log, cancel).ConfigureAwait(false);
                try
                {
                    await IdentityProviders.SaveAsync(idp, new Dictionary<string, JToken> { [IdpWire.BearerToken] = fresh }, log, cancel).ConfigureAwait(false);
                }
                catch (ZiaException ex) when (ex.ErrorId == "ZiaIdentityProviderNotVerified")
                {
                    // Saved but not confirmed: the tenant may hold this token now, so the caller must still get it.
                    unverified = ex;
                }
                catch (ZiaException ex)
                {
                    throw new ZiaException(ex.ErrorId, ex.Category,
                        $"A new token was generated but not saved on '{idp.Name}'; the current token stays in force. {ex.Message}", idp, ex);
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
        WriteWarning($"The SCIM bearer token of '{idp.Name}' was replaced. Put the new token into the identity provider's provisioning settings (Okta, Entra ID, ...): " +
            (Activate ? "the old token stops working when this command activates the change." : "the old token stops working once the change is activated (Publish-ZiaChange or -Activate)."));
        if (unverified is not null)
        {
            ItemFailed(new ZiaException(unverified.ErrorId, unverified.Category,
                $"The new token (in this command's output) was saved, but reading '{idp.Name}' back did not confirm it. {unverified.Message}", idp, unverified), idp);
        }
        WriteObject(AsPlainText ? token : SecretText.Protect(token!));
    }
}
