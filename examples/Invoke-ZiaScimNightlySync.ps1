<#
.SYNOPSIS
    Syncs the users of a CSV export (or any source you put in its place) to ZIA over SCIM, for a nightly
    scheduled task: one log file per run, a result CSV, and an exit code a monitoring system reads.
.DESCRIPTION
    The bearer token never appears in plain text: it comes from a file that Export-Clixml wrote for the task's
    account (on Windows, DPAPI-encrypted for that account on that machine) or from a SecretManagement vault.

    Exit codes: 0 all users synced; 1 the sync ran but some users failed or deprovisioning was held back by the
    limit (see the log); 2 nothing was synced (no connection, a refused token, too few users in the source).
.EXAMPLE
    pwsh -NoProfile -NonInteractive -File .\Invoke-ZiaScimNightlySync.ps1 -SourceCsv D:\Exports\users.csv `
        -BaseUrl https://scim.zscalertwo.net/24326813/71234/scim -TokenPath C:\ProgramData\ZscalerScim\scim-token.clixml
#>
[CmdletBinding(DefaultParameterSetName = 'TokenFile')]
param(
    # The users: a CSV with the SCIM column names (userName, givenName, familyName, displayName, department, email, externalId, active).
    [Parameter(Mandatory)] [string] $SourceCsv,

    # The identity provider's SCIM base URL, as Get-ZiaScimBaseUrl gives it.
    [Parameter(Mandatory)] [uri] $BaseUrl,

    # A file written once with: [pscredential]::new('scim', (Read-Host -AsSecureString)) | Export-Clixml <path>
    [Parameter(Mandatory, ParameterSetName = 'TokenFile')] [string] $TokenPath,

    # Or a secret in a SecretManagement vault registered for the task's account.
    [Parameter(Mandatory, ParameterSetName = 'Vault')] [string] $SecretName,
    [Parameter(ParameterSetName = 'Vault')] [string] $VaultName,

    [string] $LogFolder = (Join-Path ([Environment]::GetFolderPath('CommonApplicationData')) 'ZscalerScim/Logs'),

    # Fewer users than this in the source means a broken export: nothing is synced.
    [int] $MinimumUsers = 1,

    [ValidateSet('None', 'Disable', 'Delete')] [string] $Deprovision = 'Disable'
)

$ErrorActionPreference = 'Stop'
New-Item -ItemType Directory -Path $LogFolder -Force | Out-Null
$stamp = Get-Date -Format 'yyyy-MM-dd_HHmmss'
$log = Join-Path $LogFolder "sync-$stamp.log"
$report = Join-Path $LogFolder "sync-$stamp.csv"
function Write-Log([string] $Text) { Add-Content -Path $log -Value "$(Get-Date -Format s) $Text" }

try {
    Import-Module ZscalerScim
    $token = if ($PSCmdlet.ParameterSetName -eq 'Vault') {
        $vault = @{ Name = $SecretName }; if ($VaultName) { $vault.Vault = $VaultName }
        Get-Secret @vault
    }
    else {
        (Import-Clixml -Path $TokenPath).Password
    }
    # Warnings are kept and logged: a task's console is read by nobody.
    Connect-ZiaScim -BaseUrl $BaseUrl -BearerToken $token -WarningVariable +warnings
    $test = Test-ZiaScimConnection -WarningVariable +warnings
    if (-not $test.Authenticated) { throw "The SCIM server is not usable: $($test.Message)" }

    $users = @(Import-Csv -Path $SourceCsv)
    if ($users.Count -lt $MinimumUsers) { throw "Only $($users.Count) users in $SourceCsv (at least $MinimumUsers expected)." }
    Write-Log "Syncing $($users.Count) users from $SourceCsv to $BaseUrl (-Deprovision $Deprovision)."
}
catch {
    foreach ($w in $warnings) { Write-Log "WARNING $w" }
    Write-Log "ERROR nothing was synced: $($_.Exception.Message)"
    exit 2
}

# -Confirm:$false: nobody answers prompts at night; -DeprovisionLimit still holds back a mass deprovisioning.
# -ErrorAction Continue: an error must not stop the script before the report is written.
# -WarningVariable: what the run did not do or check (users linked to ZIA admin accounts not checked without a ZIA
# session, input columns ignored, users not sent) goes to the log with the counts, not only to a console nobody reads.
$results = $users | Sync-ZiaScimUser -Deprovision $Deprovision -Confirm:$false -ErrorAction Continue -ErrorVariable syncErrors -WarningVariable +warnings -InformationVariable info
Write-Log "$($info | Where-Object Tags -contains 'ScimSyncSummary')"
foreach ($w in $warnings) { Write-Log "WARNING $w" }
foreach ($e in $syncErrors) { Write-Log "ERROR $($e.FullyQualifiedErrorId): $($e.Exception.Message)" }
$results | Select-Object UserName, Action, @{ Name = 'Changes'; Expression = { $_.Changes -join '; ' } }, Error, Id |
    Export-Csv -Path $report -NoTypeInformation -Encoding UTF8
Disconnect-ZiaScim -Confirm:$false
if ($syncErrors) { exit 1 }
exit 0
