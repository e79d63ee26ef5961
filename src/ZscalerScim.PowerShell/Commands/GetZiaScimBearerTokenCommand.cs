using System.Management.Automation;
using System.Security;
using ZscalerScim.Internal;
using ZscalerScim.Portal;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Get, "ZiaScimBearerToken")]
[OutputType(typeof(SecureString), typeof(string))]
public sealed class GetZiaScimBearerTokenCommand : ZiaAdminCmdlet
{
    /// <summary>An object from Get-ZiaIdentityProvider, a name (a wildcard must match exactly one) or an id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(IdentityProviderCompleter))]
    [ValidateNotNull]
    public object? IdentityProvider { get; set; }

    /// <summary>Output the token as plain text instead of a SecureString.</summary>
    [Parameter]
    public SwitchParameter AsPlainText { get; set; }

    protected override void ProcessRecord()
    {
        ZiaSession session = ResolveSession();
        if (ResolveIdentityProvider(session, IdentityProvider!) is not { } idp)
        {
            return;
        }
        string token;
        try
        {
            token = BearerTokens.Read(idp);
        }
        catch (ZiaException ex)
        {
            ItemFailed(ex, idp);
            return;
        }
        WriteObject(AsPlainText ? token : SecretText.Protect(token));
    }
}
