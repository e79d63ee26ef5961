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

Step 'Entra ID (emulated): put the base URL and token into the enterprise application, validate, start the job'
$entra = @{
    TenantId = $Emulator.EntraTenantId; ClientId = $Emulator.EntraClientId; ClientSecret = $Emulator.EntraClientSecret
    GraphEndpoint = $Emulator.GraphEndpoint; LoginEndpoint = $Emulator.LoginEndpoint
}
$app = $Emulator.EntraServicePrincipal
function Wait-EntraRun([datetime] $After) {
    # Entra ID runs the job in the background: wait for the run after $After.
    $deadline = [datetime]::UtcNow.AddSeconds(30)
    do {
        Start-Sleep -Milliseconds 500
        $job = Get-ZiaScimEntraProvisioning $app @entra
    } while ((-not $job.LastRunEnded -or $job.LastRunEnded -le $After) -and [datetime]::UtcNow -lt $deadline)
    $job
}
$before = [datetime]::MinValue
Get-ZiaScimBaseUrl 'Entra ID' | Set-ZiaScimEntraProvisioning -ServicePrincipal $app -Validate -StartJob -Confirm:$false @entra
$job = Wait-EntraRun $before
$job | Format-List DisplayName, Status, LastRunState, CountEntitled, CountExported | Out-Host

Step 'The users Entra ID provisioned arrived in ZIA'
Get-ZiaScimUser -Connection (Connect-ZiaScim -IdentityProvider 'Entra ID' -PassThru) | Format-Table UserName, DisplayName, Active | Out-Host

Step 'Update-ZiaScimBearerToken: a new token in ZIA, activated, written into Entra ID, validated'
Update-ZiaScimBearerToken -IdentityProvider 'Entra ID' -ServicePrincipal $app -Confirm:$false @entra | Format-Table | Out-Host

Step "Entra ID's next scheduled run still succeeds with the new token"
$last = $job.LastRunEnded
Invoke-ZiaEmulator $Emulator 'entra/jobs/run' -Method POST | Out-Null
Wait-EntraRun $last | Format-List DisplayName, Status, LastRunState, LastRunEnded | Out-Host

Step 'Test-ZiaScimSetup: every link of the chain, from the ZIA session to what ZIA refused'
Connect-ZiaScimEntra -ServicePrincipal $app @entra
Test-ZiaScimSetup 'Entra ID' | Format-Table | Out-String -Width 200 | Out-Host

Step "Break one link: a token rotated in ZIA without Entra ID (the emulator's tokenRotated switch), then Entra ID's next run"
Invoke-ZiaEmulator $Emulator 'break' -Method POST -Body @{ kind = 'tokenRotated'; idpId = (Get-ZiaIdentityProvider 'Entra ID').Id } | Out-Null
Invoke-ZiaEmulator $Emulator 'entra/jobs/run' -Method POST | Out-Null

Step 'Test-ZiaScimSetup names the broken link, its cause and its fix'
Test-ZiaScimSetup 'Entra ID' | Where-Object Status -ne 'Pass' | Format-List Link, Status, Evidence, Cause, Fix | Out-String -Width 160 | Out-Host

Step 'Update-ZiaScimBearerToken fixes it (the connected Entra ID application), and its next run succeeds'
$fixed = Get-Date
Update-ZiaScimBearerToken -IdentityProvider 'Entra ID' -Confirm:$false | Format-Table | Out-Host
Invoke-ZiaEmulator $Emulator 'entra/jobs/run' -Method POST | Out-Null

Step 'Test-ZiaScimSetup -Since the fix: every link passes'
Test-ZiaScimSetup 'Entra ID' -Since $fixed | Format-Table | Out-String -Width 200 | Out-Host
if (-not (Test-ZiaScimSetup 'Entra ID' -Since $fixed -Quiet)) { throw 'The setup should pass after Update-ZiaScimBearerToken.' }

Step 'Disconnect-Zia'
Disconnect-Zia -Confirm:$false
Write-Host 'Done.'
