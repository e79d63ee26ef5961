using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using ZscalerScim.Session;

namespace ZscalerScim.Commands;

/// <summary>
/// Connect-Zia with no parameters at an interactive console asks for what an API key sign-in needs. Where nobody
/// can answer (a runbook, a scheduled task, pwsh -NonInteractive) the host refuses the first prompt, before anything
/// is shown, and Connect-Zia keeps its error that names the missing environment variables.
/// </summary>
internal static class ConnectPrompt
{
    private static readonly string[] Variables =
    {
        "ZIA_USERNAME", "ZIA_PASSWORD", "ZIA_API_KEY", "ZIA_CLOUD",
        "ZSCALER_CLIENT_ID", "ZSCALER_CLIENT_SECRET", "ZSCALER_PRIVATE_KEY", "ZSCALER_VANITY_DOMAIN",
    };

    /// <summary>Some variables set means the environment was meant to be used: its error says which are missing.</summary>
    public static bool NothingInEnvironment() => Variables.All(v => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)));

    public static bool TryAsk(PSHost host, ConnectParameters given)
    {
        try
        {
            // The credential prompt first: a host that cannot prompt refuses it without writing anything.
            PSCredential? credential = host.UI.PromptForCredential("Connect-Zia",
                "Sign in to the ZIA admin API: the admin's login name and password.", string.Empty, string.Empty);
            if (credential is null)
            {
                return false;
            }
            string? cloud = given.BaseUri is null ? Ask(host, "Zscaler cloud (for example zscalertwo, or the Admin Portal host admin.zscalertwo.net)") : null;
            host.UI.Write("API key (Administration > Cloud Service API Security): ");
            SecureString apiKey = host.UI.ReadLineAsSecureString();
            given.Credential = credential;
            given.ApiKey = apiKey;
            given.Cloud = cloud;
            return true;
        }
        catch (Exception ex) when (ex is PSInvalidOperationException || ex is HostException || ex is NotImplementedException || ex is PSNotImplementedException)
        {
            return false;
        }
    }

    private static string Ask(PSHost host, string question)
    {
        host.UI.Write(question + ": ");
        return host.UI.ReadLine().Trim();
    }
}
