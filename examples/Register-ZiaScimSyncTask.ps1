#Requires -Modules ScheduledTasks
<#
.SYNOPSIS
    Registers the nightly ZIA SCIM sync (Invoke-ZiaScimNightlySync.ps1) as a Windows scheduled task that runs as a
    service account, and stores that account's bearer token where only it can read it.
.DESCRIPTION
    Run once, as an administrator, on the machine that runs the sync. It asks for the service account's password
    (for the task) and, in a process started as that account, for the bearer token, which Export-Clixml writes
    DPAPI-encrypted for that account on this machine: no other account, and no other machine, can read it.
    The task runs daily under -PowerShell -NonInteractive (by default the PowerShell that runs this script:
    powershell.exe in Windows PowerShell 5.1, pwsh.exe in PowerShell 7); its exit code (0, 1 or 2, see the sync script) shows in the
    task's Last Run Result for a monitoring system to read; the logs go to -LogFolder.
.EXAMPLE
    .\Register-ZiaScimSyncTask.ps1 -Account 'ACME\svc-ziascim' -SourceCsv D:\Exports\users.csv `
        -BaseUrl https://scim.zscalertwo.net/24326813/71234/scim -At 02:30
.EXAMPLE
    .\Register-ZiaScimSyncTask.ps1 -Account 'ACME\svc-ziascim' -SourceCsv D:\Exports\users.csv `
        -BaseUrl https://scim.zscalertwo.net/24326813/71234/scim -PowerShell powershell.exe

    The task runs under Windows PowerShell 5.1 even when this script is run from PowerShell 7.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $Account,
    [Parameter(Mandatory)] [string] $SourceCsv,
    [Parameter(Mandatory)] [uri] $BaseUrl,
    [datetime] $At = '02:30',
    [string] $Folder = (Join-Path $env:ProgramData 'ZscalerScim'),
    [string] $TaskName = 'ZIA SCIM user sync',
    # The PowerShell that runs the task and stores its token: powershell.exe is Windows PowerShell 5.1.
    [ValidateSet('powershell.exe', 'pwsh.exe')]
    [string] $PowerShell = $(if ($PSVersionTable.PSEdition -eq 'Core') { 'pwsh.exe' } else { 'powershell.exe' })
)

$ErrorActionPreference = 'Stop'
$script = Join-Path $Folder 'Invoke-ZiaScimNightlySync.ps1'
$tokenPath = Join-Path $Folder 'scim-token.clixml'
$logFolder = Join-Path $Folder 'Logs'

if ($PSCmdlet.ShouldProcess($Folder, 'Copy the sync script')) {
    New-Item -ItemType Directory -Path $Folder, $logFolder -Force | Out-Null
    Copy-Item (Join-Path $PSScriptRoot 'Invoke-ZiaScimNightlySync.ps1') $script -Force
}

$credential = Get-Credential -UserName $Account -Message 'The account that runs the ZIA SCIM sync'
if ($PSCmdlet.ShouldProcess($tokenPath, "Store the bearer token for $Account (DPAPI)")) {
    # Export-Clixml encrypts for the account that runs it: so it runs as the task's account.
    $store = "[pscredential]::new('scim', (Read-Host -AsSecureString 'ZIA SCIM bearer token')) | Export-Clixml -Path '$tokenPath'"
    Start-Process $PowerShell -Credential $credential -ArgumentList '-NoProfile', '-Command', $store -Wait -LoadUserProfile
    if (-not (Test-Path $tokenPath)) { throw "The token was not stored at $tokenPath." }
}

$arguments = "-NoProfile -NonInteractive -File `"$script`" -SourceCsv `"$SourceCsv`" -BaseUrl $BaseUrl -TokenPath `"$tokenPath`" -LogFolder `"$logFolder`""
$action = New-ScheduledTaskAction -Execute $PowerShell -Argument $arguments
$trigger = New-ScheduledTaskTrigger -Daily -At $At
$settings = New-ScheduledTaskSettingsSet -StartWhenAvailable -MultipleInstances IgnoreNew -ExecutionTimeLimit (New-TimeSpan -Hours 4)
if ($PSCmdlet.ShouldProcess($TaskName, "Register the task, daily at $($At.ToString('HH:mm')), as $Account")) {
    Register-ScheduledTask -TaskName $TaskName -Description "Sync $SourceCsv to ZIA over SCIM" -Action $action -Trigger $trigger `
        -Settings $settings -User $credential.UserName -Password $credential.GetNetworkCredential().Password | Out-Null
}
