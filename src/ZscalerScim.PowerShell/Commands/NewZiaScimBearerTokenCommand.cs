using System.Management.Automation;
using System.Security;
using ZscalerScim.Internal;
using ZscalerScim.Portal;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.New, "ZiaScimBearerToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(SecureString), typeof(string))]
public sealed class NewZiaScimBearerTokenCommand : ZiaChangeCmdlet
{
    /// <summary>An object from Get-ZiaIdentityProvider, a name (a wildcard must match exactly one) or an id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(IdentityProviderCompleter))]
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
        try
        {
            BearerTokens.RequireField(idp);
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

        NewBearerToken created;
        try
        {
            created = Run((log, cancel) => BearerTokens.ReplaceAsync(idp, log, cancel));
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, idp);
            return;
        }

        Saved(session);
        // The token first: with -ErrorAction Stop the error below ends the command, and -OutVariable still holds the token.
        WriteObject(AsPlainText ? created.Token : SecretText.Protect(created.Token));
        if (created.Unconfirmed is { } unconfirmed)
        {
            string state = unconfirmed.SaveState == SaveState.Unknown ? "may have been saved" : "was saved, but not confirmed";
            ItemFailed(new ZiaException(unconfirmed.ErrorId, unconfirmed.Category,
                $"The new SCIM bearer token of '{idp.Name}' {state}: keep the token this command outputs. {unconfirmed.Message} " +
                "If the tenant holds it, it replaces the current token at the next activation (this command does not activate after a failure; Publish-ZiaChange or an admin session ending will).",
                idp, unconfirmed) { SaveState = unconfirmed.SaveState }, idp);
        }
        else if (created.Replaced)
        {
            WriteWarning($"The SCIM bearer token of '{idp.Name}' was replaced. Put the new token into the identity provider's provisioning settings (Okta, Entra ID, ...): " +
                (Activate ? "the old token stops working when this command activates the change." : "the old token stops working once the change is activated (Publish-ZiaChange or -Activate, or an admin session ending)."));
        }
        else
        {
            WriteWarning($"'{idp.Name}' had no SCIM bearer token; the new one is set and works once the change is activated. Put it into the identity provider's provisioning settings (Okta, Entra ID, ...).");
        }
    }
}
