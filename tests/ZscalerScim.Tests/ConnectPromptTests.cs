using ZscalerScim.Commands;
using Xunit;

namespace ZscalerScim.Tests;

/// <summary>Connect-Zia asks nothing where pwsh or powershell.exe was started -NonInteractive.</summary>
public class ConnectPromptTests
{
    [Theory]
    [InlineData("pwsh", "-NoProfile", "-NonInteractive", "-File", "nightly.ps1")]
    [InlineData("pwsh", "-noni", "-c", "Connect-Zia")]
    [InlineData("powershell.exe", "/NonInteractive", "-Command", "Connect-Zia")]
    [InlineData("pwsh", "--noninteractive")]
    public void SeesNonInteractiveBeforeTheScript(params string[] args) => Assert.True(ConnectPrompt.StartedNonInteractive(args));

    [Theory]
    [InlineData("pwsh")]
    [InlineData("pwsh", "-NoProfile", "-NoExit")]
    [InlineData("pwsh", "-File", "nightly.ps1", "-NonInteractive")]
    [InlineData("pwsh", "-Command", "Connect-Zia -noni")]
    [InlineData("pwsh", "-non")]
    [InlineData("pwsh", "-NoProfile", "noninteractive.ps1")]
    public void LeavesAConsoleAndTheScriptsArgumentsAlone(params string[] args) => Assert.False(ConnectPrompt.StartedNonInteractive(args));
}
