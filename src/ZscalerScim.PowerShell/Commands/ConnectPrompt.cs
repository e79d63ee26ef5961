using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using ZscalerScim.Session;

namespace ZscalerScim.Commands;

/// <summary>
/// Connect-Zia with no parameters at an interactive console asks for what an API key sign-in needs. Where nobody
/// can answer (a runbook, a scheduled task, pwsh -NonInteractive) nothing is asked, and Connect-Zia keeps its error that
/// names the missing environment variables. The console host prints a prompt's caption and "User:" before it refuses
/// under -NonInteractive, so that switch is read from the command line first.
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
        if (StartedNonInteractive(Environment.GetCommandLineArgs()))
        {
            return false;
        }
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

    /// <summary>
    /// Whether pwsh or powershell.exe was started with -NonInteractive (any abbreviation down to -noni, with -, -- or /),
    /// read up to -Command, -File or -EncodedCommand: what follows them is the script's, not the host's.
    /// </summary>
    internal static bool StartedNonInteractive(string[] args)
    {
        foreach (string arg in args.Skip(1))
        {
            string name = arg.TrimStart('-', '/').ToLowerInvariant();
            if (name.Length == 0 || name.Length == arg.Length)
            {
                continue;
            }
            if (name.Length >= 4 && "noninteractive".StartsWith(name, StringComparison.Ordinal))
            {
                return true;
            }
            if ("command".StartsWith(name, StringComparison.Ordinal) || "file".StartsWith(name, StringComparison.Ordinal)
                || "encodedcommand".StartsWith(name, StringComparison.Ordinal) || name is "ec" or "cwa" or "commandwithargs")
            {
                return false;
            }
        }
        return false;
    }

    private static string Ask(PSHost host, string question)
    {
        host.UI.Write(question + ": ");
        return host.UI.ReadLine().Trim();
    }
}
