<#
.SYNOPSIS
    The end-to-end story against the bundled emulator: what an admin runs to get SCIM provisioning going,
    then what a scheduled job runs to keep users in sync.
#>
param(
    [Parameter(Mandatory)] $Emulator,
    [Parameter(Mandatory)] [string] $ModulePath
)
$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'
Import-Module $ModulePath -Force

function Step([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }

Step "Connect-Zia to the emulator at $($Emulator.BaseUri) with an API key"
Connect-Zia -BaseUri $Emulator.BaseUri -Credential $Emulator.Credential -ApiKey $Emulator.ApiKey -PassThru | Format-Table | Out-Host

Step 'Get-ZiaOrganization'
Get-ZiaOrganization | Format-List | Out-Host

Step 'Get-ZiaActivationStatus'
Get-ZiaActivationStatus | Format-Table | Out-Host

Step 'Get-ZiaIdentityProvider: the SAML identity providers and their provisioning'
Get-ZiaIdentityProvider | Format-Table | Out-Host

Step "Get-ZiaIdentityProvider -Name Okta | Enable-ZiaScimProvisioning -Activate -PassThru | Get-ZiaScimBaseUrl"
Get-ZiaIdentityProvider -Name Okta | Enable-ZiaScimProvisioning -Activate -PassThru -Confirm:$false | Get-ZiaScimBaseUrl | Format-Table | Out-Host

Step 'Enable-ZiaScimProvisioning refuses an Active Directory repository without -MigrateFromDirectorySync'
Enable-ZiaScimProvisioning -IdentityProvider 'Corp AD' -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable refused
Write-Host "Refused: $($refused[0].FullyQualifiedErrorId)" -ForegroundColor Yellow

Step 'New-ZiaScimBearerToken -IdentityProvider Okta -Activate (a SecureString; shown here only by length)'
$token = New-ZiaScimBearerToken -IdentityProvider Okta -Activate -Confirm:$false
Write-Host "New token: SecureString of $($token.Length) characters"
Get-ZiaActivationStatus | Format-Table | Out-Host

Step '(Get-ZiaScimBaseUrl Okta).OktaBaseUrl: the /<orgId>/<idpId>/ parts Okta wants'
(Get-ZiaScimBaseUrl Okta).OktaBaseUrl | Out-Host

Step 'Get-ZiaScimBaseUrl Okta | Connect-ZiaScim; Test-ZiaScimConnection'
Get-ZiaScimBaseUrl Okta | Connect-ZiaScim
Test-ZiaScimConnection | Format-List | Out-Host

Step 'Sync-ZiaScimUser: five users from a CSV-like source, then again with one change'
$rows = 1..5 | ForEach-Object {
    [pscustomobject]@{ userName = "demo$_@acme.example"; givenName = "Demo"; familyName = "User $_"; department = 'Sales'; email = "demo$_@acme.example"; externalId = "demo-$_" }
}
$rows | Sync-ZiaScimUser -Confirm:$false | Format-Table | Out-Host
$rows[2].department = 'Finance'
$rows | Sync-ZiaScimUser -Confirm:$false | Where-Object Action -ne 'Unchanged' | Format-Table | Out-Host

Step 'Sync-ZiaScimGroup: a group with three of them'
[pscustomobject]@{ DisplayName = 'Sales'; Members = 'demo1@acme.example;demo2@acme.example;demo4@acme.example' } | Sync-ZiaScimGroup -Confirm:$false | Format-Table | Out-Host
Get-ZiaScimUser 'demo*' | Format-Table UserName, Department, Active, @{ n = 'Groups'; e = { $_.Groups -join ', ' } } | Out-Host

Step 'Disconnect-Zia'
Disconnect-Zia -Confirm:$false
Write-Host 'Done.'
