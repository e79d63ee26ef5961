<#
.SYNOPSIS
    The end-to-end story against the bundled emulator: what an admin runs to get SCIM provisioning going.
#>
param(
    [Parameter(Mandatory)] $Emulator,
    [Parameter(Mandatory)] [string] $ModulePath
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force

function Step([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }

Step "Connect-Zia to the emulator at $($Emulator.BaseUri) with an API key"
Connect-Zia -BaseUri $Emulator.BaseUri -Credential $Emulator.Credential -ApiKey $Emulator.ApiKey -PassThru | Format-Table | Out-Host

Step 'Get-ZiaOrganization'
Get-ZiaOrganization | Format-List | Out-Host

Step 'Get-ZiaActivationStatus'
Get-ZiaActivationStatus | Format-Table | Out-Host

Step 'Set-ZiaAuthenticationSetting -SamlAutoProvisioning $true (saved, not yet live)'
Set-ZiaAuthenticationSetting -SamlAutoProvisioning $true -PassThru -Confirm:$false | Format-List OrgId, SamlAutoProvisioning, DirectorySyncMigrateToScim | Out-Host
Get-ZiaActivationStatus | Format-Table | Out-Host

Step 'Publish-ZiaChange -Wait'
Publish-ZiaChange -Wait -PassThru -Confirm:$false | Format-Table | Out-Host

Step 'Disconnect-Zia'
Disconnect-Zia -Confirm:$false
Write-Host 'Done.'
