using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsDiagnostic.Test, "ZiaScimConnection")]
[OutputType(typeof(ScimConnectionTest), typeof(bool))]
public sealed class TestZiaScimConnectionCommand : ScimCmdlet
{
    /// <summary>Output only $true or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        ScimConnection connection = ResolveConnection();
        ScimConnectionTest result = Run((log, cancel) => ScimConnectionTester.TestAsync(connection, log, cancel));
        WriteObject(Quiet ? result.Authenticated : result);
    }
}
