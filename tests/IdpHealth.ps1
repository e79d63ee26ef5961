# Dot-sourced by EntraHealth.Tests.ps1 and OktaHealth.Tests.ps1: reads the IdP links through the module's internal IdP
# contract (Commands/IdpTargets.HealthAsync), the entry point Test-ZiaScimSetup calls, by reflection on the built module.
function Get-IdpHealth {
    param($Graph, $Okta, [uri] $ExpectedBaseUrl, [datetime] $Since = [datetime]::UtcNow.AddHours(-1), [string] $AppId)
    $asm = [ZscalerScim.ZiaScimSetupLink].Assembly
    $selectionType = $asm.GetType('ZscalerScim.Commands.IdpSelection', $true)
    $selection = [Activator]::CreateInstance($selectionType, $true)
    # init-only setters are ordinary setters at run time.
    if ($Graph) { $selectionType.GetProperty('Graph').SetValue($selection, $Graph) }
    if ($Graph) { $selectionType.GetProperty('ServicePrincipal').SetValue($selection, $Graph.ServicePrincipal) }
    if ($Okta) { $selectionType.GetProperty('Okta').SetValue($selection, $Okta) }
    if ($AppId) { $selectionType.GetProperty('AppId').SetValue($selection, $AppId) }
    $query = [Activator]::CreateInstance($asm.GetType('ZscalerScim.Idp.IdpHealthQuery', $true), [object[]]@($ExpectedBaseUrl, $Since, [datetime]::UtcNow.AddMinutes(1)))
    $log = [Activator]::CreateInstance($asm.GetType('ZscalerScim.Internal.OperationLog', $true), [object[]]@($false))
    $method = $asm.GetType('ZscalerScim.Commands.IdpTargets', $true).GetMethod('HealthAsync')
    $task = $method.Invoke($null, [object[]]@($selection, $query, $log, [System.Threading.CancellationToken]::None))
    $task.GetAwaiter().GetResult()
}
